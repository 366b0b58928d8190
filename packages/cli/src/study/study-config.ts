import type {
  BackdoorCaptions,
  JsonValue,
  PoisonBudget,
  PoisonMode,
  TriggerName,
  TriggerSpec,
} from '@mmpoison/attacks';
import { createTrigger, triggerNames } from '@mmpoison/attacks';
import type { ImageCheckLevel } from '@mmpoison/datasets';
import { ConfigReader, describeValue } from './config-reader.js';
import { StudyConfigError } from './study-config-error.js';

/** The embedded synthetic benchmark (shapes on textured backgrounds, five captions per image). */
export interface SyntheticDataConfig {
  readonly kind: 'synthetic';
  /** Seed of the benchmark's images and captions (default: the study seed). */
  readonly seed?: number;
  readonly imagesPerClass?: number;
  readonly testImagesPerClass?: number;
  readonly imageSize?: number;
  /** Class words to use (default: all twelve). */
  readonly classes?: readonly string[];
  /** `easy`: large objects, no distractors or clutter (default `standard`). */
  readonly difficulty?: 'easy' | 'standard';
}

/** The dataset formats on disk a study can open (the datasets package's openers). */
export const diskDataFormats = ['coco', 'flickr30k', 'pascal', 'csv', 'tsv', 'jsonl', 'imagefolder'] as const;
export type DiskDataFormat = (typeof diskDataFormats)[number];

/** A dataset on disk, split into train and test by a class-balanced draw (or a second dataset). */
export interface DiskDataConfig {
  readonly kind: DiskDataFormat;
  /** Dataset root (relative paths resolve against the config file's folder). */
  readonly root: string;
  readonly imageSize?: number;
  readonly strict?: boolean;
  readonly check?: ImageCheckLevel;
  /** COCO: `annotations/captions_*.json`. */
  readonly captionsFile?: string;
  /** COCO: `annotations/instances_*.json` (labels). */
  readonly instancesFile?: string;
  /** COCO, Flickr30k, PASCAL: the image folder. */
  readonly imagesDir?: string;
  /** Flickr30k: the caption file. */
  readonly annotations?: string;
  /** CSV/TSV/JSONL: the table file and its columns. */
  readonly file?: string;
  readonly imageColumn?: string;
  readonly captionColumn?: string;
  readonly labelColumn?: string;
  /** Image folder: the caption prompt. */
  readonly prompt?: string;
  /** Test records per class, drawn with the study seed (needs labels). */
  readonly testPerClass?: number;
}

export type DataConfig = SyntheticDataConfig | DiskDataConfig;

/** Shape overrides of a named config, as in the clip-model package's `ClipConfigOverrides`. */
export interface ModelShapeOverrides {
  readonly imageSize?: number;
  readonly patchSize?: number;
  readonly visionWidth?: number;
  readonly visionLayers?: number;
  readonly visionHeads?: number;
  readonly textWidth?: number;
  readonly textLayers?: number;
  readonly textHeads?: number;
  readonly embedDim?: number;
}

/** A small CLIP trained from scratch, with a BPE tokenizer learnt on the training captions. */
export interface ScratchModelConfig extends ModelShapeOverrides {
  readonly from: 'scratch';
  /** A named config of the clip-model package (`tiny-32`, `micro`, …). */
  readonly config: string;
  /** Vocabulary of the tokenizer built from the (clean) training captions; default 1000. */
  readonly vocabSize?: number;
  /** Tokens per caption; default 32. */
  readonly contextLength?: number;
}

/** A checkpoint to fine-tune (seed paper 1 fine-tunes a pre-trained CLIP). */
export interface CheckpointModelConfig {
  readonly from: 'checkpoint';
  /** A safetensors file with OpenAI or Hugging Face names. */
  readonly checkpoint: string;
  /** Tokenizer files (a folder written by saveTokenizer, vocab.json/merges.txt, or OpenAI's .gz). */
  readonly tokenizer: string;
}

export type ModelConfig = ScratchModelConfig | CheckpointModelConfig;

export const labelAttackNames = [
  'single-target-label',
  'single-target-image',
  'multiple-target-labels',
] as const;
export type LabelAttackName = (typeof labelAttackNames)[number];
export const studyAttackNames = [...labelAttackNames, 'backdoor'] as const;
export type StudyAttackName = (typeof studyAttackNames)[number];

export interface LabelGoalConfig {
  /** Class A, whose captions are poisoned. */
  readonly source: string;
  /** Class B, whose images they are paired with. */
  readonly target: string;
}

/** Attacks I–III: captions of class A paired with images of class B. */
export interface LabelAttackConfig {
  readonly name: LabelAttackName;
  /** One goal for Attacks I and II, several for Attack III. */
  readonly goals: readonly LabelGoalConfig[];
  readonly poisons: PoisonBudget;
  readonly mode?: PoisonMode;
  /** Attack I: id of the target image (random image of class B if absent). */
  readonly targetImage?: string;
}

/** A backdoor: a trigger on a few images whose captions name the target label. */
export interface BackdoorAttackConfig {
  readonly name: 'backdoor';
  readonly target: string;
  readonly trigger: TriggerSpec;
  readonly poisons: PoisonBudget;
  readonly mode?: PoisonMode;
  readonly captions?: BackdoorCaptions;
}

export type AttackConfig = LabelAttackConfig | BackdoorAttackConfig;

export interface TrainingConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly minLearningRate?: number;
  readonly warmupSteps?: number;
  readonly weightDecay?: number;
  readonly maxGradientNorm?: number;
  /** Seed of the training run (shuffling, caption choice, initialisation); default the study seed. */
  readonly seed?: number;
  /** Towers to keep fixed when fine-tuning. */
  readonly freeze?: 'none' | 'image' | 'text';
}

export interface EvaluationConfig {
  /** Cut-offs of Hit@K and Recall@K; default 1, 5, 10. */
  readonly ks: readonly number[];
  /** At most this many goal queries (test captions of class A); default all of them. */
  readonly queries?: number;
  /** Images or captions per forward pass when embedding the test split; default 128. */
  readonly embedBatchSize?: number;
  readonly queryChunkSize?: number;
  readonly galleryChunkSize?: number;
  /** Prompt templates of the zero-shot classifier, `{}` for the class; default "a photo of a {}.". */
  readonly templates?: readonly string[];
}

/** One study: dataset → attack → clean and poisoned training → evaluation → results. */
export interface StudyConfig {
  readonly name: string;
  /** The seed everything derives from (the papers use 42). */
  readonly seed: number;
  readonly data: DataConfig;
  readonly model: ModelConfig;
  readonly attack: AttackConfig;
  readonly training: TrainingConfig;
  readonly evaluation: EvaluationConfig;
  /** Folder that receives results.json and report.md. */
  readonly output: string;
}

function readData(reader: ConfigReader, seed: number): DataConfig {
  const kind = reader.requiredChoice('kind', ['synthetic', ...diskDataFormats] as const);
  if (kind === 'synthetic') {
    const classes = reader.stringList('classes');
    const imageSize = reader.integer('imageSize', 16);
    const imagesPerClass = reader.integer('imagesPerClass');
    const testImagesPerClass = reader.integer('testImagesPerClass');
    const dataSeed = reader.integer('seed', 0);
    const difficulty = reader.choice('difficulty', ['easy', 'standard'] as const);
    return {
      kind,
      ...(difficulty === undefined ? {} : { difficulty }),
      seed: dataSeed ?? seed,
      ...(imagesPerClass === undefined ? {} : { imagesPerClass }),
      ...(testImagesPerClass === undefined ? {} : { testImagesPerClass }),
      ...(imageSize === undefined ? {} : { imageSize }),
      ...(classes === undefined ? {} : { classes }),
    };
  }
  const config: Record<string, unknown> = { kind, root: reader.requiredString('root') };
  const optional = {
    imageSize: reader.integer('imageSize'),
    strict: reader.boolean('strict'),
    check: reader.choice('check', ['header', 'decode', 'none'] as const),
    captionsFile: reader.string('captionsFile'),
    instancesFile: reader.string('instancesFile'),
    imagesDir: reader.string('imagesDir'),
    annotations: reader.string('annotations'),
    file: reader.string('file'),
    imageColumn: reader.string('imageColumn'),
    captionColumn: reader.string('captionColumn'),
    labelColumn: reader.string('labelColumn'),
    prompt: reader.string('prompt'),
    testPerClass: reader.integer('testPerClass'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) config[key] = value;
  if (kind === 'coco') {
    if (optional.captionsFile === undefined) reader.fail('captionsFile', 'is required for coco');
    if (optional.imagesDir === undefined) reader.fail('imagesDir', 'is required for coco');
  }
  if (kind === 'csv' || kind === 'tsv' || kind === 'jsonl') {
    for (const key of ['file', 'imageColumn', 'captionColumn'] as const) {
      if (optional[key] === undefined) reader.fail(key, `is required for ${kind}`);
    }
  }
  if (optional.testPerClass === undefined) {
    reader.fail(
      'testPerClass',
      'is required for a dataset on disk (test records per class, a positive integer)',
    );
  }
  return config as unknown as DiskDataConfig;
}

function readModel(reader: ConfigReader): ModelConfig {
  const from = reader.requiredChoice('from', ['scratch', 'checkpoint'] as const);
  if (from === 'checkpoint') {
    return {
      from,
      checkpoint: reader.requiredString('checkpoint'),
      tokenizer: reader.requiredString('tokenizer'),
    };
  }
  const config = reader.requiredString('config');
  const shape: Record<string, number | undefined> = {
    vocabSize: reader.integer('vocabSize', 514),
    contextLength: reader.integer('contextLength', 3),
    imageSize: reader.integer('imageSize'),
    patchSize: reader.integer('patchSize'),
    visionWidth: reader.integer('visionWidth'),
    visionLayers: reader.integer('visionLayers'),
    visionHeads: reader.integer('visionHeads'),
    textWidth: reader.integer('textWidth'),
    textLayers: reader.integer('textLayers'),
    textHeads: reader.integer('textHeads'),
    embedDim: reader.integer('embedDim'),
  };
  const defined = Object.fromEntries(Object.entries(shape).filter(([, value]) => value !== undefined));
  return { from, config, ...defined };
}

function readBudget(reader: ConfigReader): PoisonBudget {
  const budget = reader.requiredObject('poisons');
  const rate = budget.number('rate', { exclusiveMinimum: 0, maximum: 0.999 });
  const count = budget.integer('count');
  budget.finish();
  if (rate !== undefined && count !== undefined) budget.fail('rate', 'give either rate or count, not both');
  if (rate !== undefined) return { rate };
  if (count !== undefined) return { count };
  throw new StudyConfigError(budget.path, 'expected { rate: φ in (0, 1) } or { count: a positive integer }');
}

function readGoal(reader: ConfigReader): LabelGoalConfig {
  return { source: reader.requiredString('source'), target: reader.requiredString('target') };
}

function readTrigger(reader: ConfigReader, seed: number): TriggerSpec {
  const trigger = reader.requiredObject('trigger');
  const name = trigger.requiredChoice('name', triggerNames) as TriggerName;
  // The trigger's own options go to the attacks package as they are; its factory validates them.
  const options: Record<string, JsonValue> = { seed };
  for (const key of trigger.keys()) {
    if (key !== 'name') options[key] = trigger.raw(key) as JsonValue;
  }
  const spec: TriggerSpec = { name, options };
  try {
    createTrigger(spec);
  } catch (error) {
    throw new StudyConfigError(trigger.path, (error as Error).message);
  }
  return spec;
}

function readAttack(reader: ConfigReader, seed: number): AttackConfig {
  const name = reader.requiredChoice('name', studyAttackNames);
  const mode = reader.choice('mode', ['add', 'replace'] as const);
  const poisons = readBudget(reader);
  if (name === 'backdoor') {
    const captions = reader.choice('captions', [
      'photo-of',
      'templates',
      'mentions',
      'class-captions',
    ] as const);
    return {
      name,
      target: reader.requiredString('target'),
      trigger: readTrigger(reader, seed),
      poisons,
      ...(mode === undefined ? {} : { mode }),
      ...(captions === undefined ? {} : { captions }),
    };
  }
  let goals: LabelGoalConfig[];
  if (name === 'multiple-target-labels') {
    const list = reader.objectList('goals', readGoal);
    if (list === undefined)
      reader.fail('goals', 'is required for multiple-target-labels (a list of { source, target })');
    goals = list;
  } else {
    goals = [readGoal(reader)];
  }
  const targetImage = name === 'single-target-image' ? reader.string('targetImage') : undefined;
  return {
    name,
    goals,
    poisons,
    ...(mode === undefined ? {} : { mode }),
    ...(targetImage === undefined ? {} : { targetImage }),
  };
}

function readTraining(reader: ConfigReader): TrainingConfig {
  const optional = {
    minLearningRate: reader.number('minLearningRate', { minimum: 0 }),
    warmupSteps: reader.integer('warmupSteps', 0),
    weightDecay: reader.number('weightDecay', { minimum: 0 }),
    maxGradientNorm: reader.number('maxGradientNorm', { exclusiveMinimum: 0 }),
    seed: reader.integer('seed', 0),
    freeze: reader.choice('freeze', ['none', 'image', 'text'] as const),
  };
  return {
    epochs: reader.requiredInteger('epochs'),
    batchSize: reader.requiredInteger('batchSize', 2),
    learningRate:
      reader.number('learningRate', { exclusiveMinimum: 0 }) ??
      reader.fail('learningRate', 'is required (expected a positive number)'),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

function readEvaluation(reader: ConfigReader | undefined): EvaluationConfig {
  if (reader === undefined) return { ks: [1, 5, 10] };
  const templates = reader.stringList('templates');
  for (const [index, template] of (templates ?? []).entries()) {
    if (!template.includes('{}')) {
      throw new StudyConfigError(
        `${reader.pathOf('templates')}[${index}]`,
        `expected a template containing {}, got ${describeValue(template)}`,
      );
    }
  }
  const optional = {
    queries: reader.integer('queries'),
    embedBatchSize: reader.integer('embedBatchSize'),
    queryChunkSize: reader.integer('queryChunkSize'),
    galleryChunkSize: reader.integer('galleryChunkSize'),
    templates,
  };
  return {
    ks: reader.integerList('ks') ?? [1, 5, 10],
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/**
 * Validates a parsed config object (from YAML or JSON) into a {@link StudyConfig}. Every mistake is
 * a {@link StudyConfigError} naming the field's path and what was expected; unknown fields are
 * rejected so a misspelt option does not silently fall back to its default.
 */
export function parseStudyConfig(value: unknown): StudyConfig {
  const root = new ConfigReader(value, '');
  const seed = root.integer('seed', 0) ?? 42;
  const name = root.string('name') ?? 'study';
  const output = root.requiredString('output');
  const dataReader = root.requiredObject('data');
  const data = readData(dataReader, seed);
  dataReader.finish();
  const modelReader = root.requiredObject('model');
  const model = readModel(modelReader);
  modelReader.finish();
  const attackReader = root.requiredObject('attack');
  const attack = readAttack(attackReader, seed);
  attackReader.finish();
  const trainingReader = root.requiredObject('training');
  const training = readTraining(trainingReader);
  trainingReader.finish();
  const evaluationReader = root.object('evaluation');
  const evaluation = readEvaluation(evaluationReader);
  evaluationReader?.finish();
  root.finish();
  return { name, seed, data, model, attack, training, evaluation, output };
}
