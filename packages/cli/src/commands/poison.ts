import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AttackName,
  backdoorAttack,
  badNetPatch,
  blended,
  bpp,
  exportPoisonedDataset,
  labelConsistentBackdoorAttack,
  multipleTargetLabelsAttack,
  type PatchLocation,
  type PoisonBudget,
  type PoisoningResult,
  type PoisonMode,
  sig,
  singleTargetImageAttack,
  singleTargetLabelAttack,
  type Trigger,
  targetedImageAttack,
  triggerNames,
  wanet,
} from '@mmpoison/attacks';
import { consoleProgressReporter, type ImageCaptionDataset } from '@mmpoison/core-tensor';
import { encodePng } from '@mmpoison/datasets';
import { integerArgument as integer, numberArgument as number } from '../argument-parsers.js';
import { type CliCommand, type CliIo, UsageError } from '../command.js';
import {
  type DatasetArguments,
  datasetArgumentOptions,
  datasetFormats,
  datasetUsage,
  openDatasetFromArguments,
  parseDatasetFormat,
  syntheticBenchmarkFromArguments,
} from '../dataset-arguments.js';

const FORMATS = datasetFormats.filter((format) => format !== 'webdataset');

const ATTACKS: readonly AttackName[] = [
  'single-target-image',
  'single-target-label',
  'multiple-target-labels',
  'targeted-image',
  'backdoor',
  'label-consistent-backdoor',
];

const OPTIONS = {
  ...datasetArgumentOptions,
  'data-format': { type: 'string' },
  'image-size': { type: 'string' },
  'data-seed': { type: 'string' },
  // attack
  attack: { type: 'string' },
  source: { type: 'string' },
  target: { type: 'string' },
  goal: { type: 'string', multiple: true },
  rate: { type: 'string' },
  count: { type: 'string' },
  mode: { type: 'string' },
  seed: { type: 'string' },
  'target-image': { type: 'string' },
  captions: { type: 'string' },
  'noise-std': { type: 'string' },
  // trigger
  trigger: { type: 'string' },
  'patch-size': { type: 'string' },
  'patch-location': { type: 'string' },
  'patch-kind': { type: 'string' },
  'patch-noise': { type: 'string' },
  'blend-ratio': { type: 'string' },
  'wanet-preset': { type: 'string' },
  'wanet-grid': { type: 'string' },
  'wanet-strength': { type: 'string' },
  'sig-amplitude': { type: 'string' },
  'sig-frequency': { type: 'string' },
  'bpp-levels': { type: 'string' },
  'bpp-no-dither': { type: 'boolean' },
  // output
  out: { type: 'string' },
  materialize: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

/** `mmpoison poison`: poisons a dataset on disk and writes the poisoned training set. */
export const poisonCommand: CliCommand = {
  path: ['poison'],
  summary: 'Poison or backdoor a dataset and write the poisoned training set with its manifest',
  usage: `Usage: mmpoison poison --data-format <${FORMATS.join('|')}> --root <dir> [dataset options]
                      --attack <name> [attack options] --out <dir>

Writes <out>/train.jsonl (id, image, captions, label, poisoned), <out>/images/*.png (the images that
had to be written: triggered or noised poisons, and records with no file on disk),
<out>/openclip-train.tsv (OpenCLIP's filepath/title layout, tab-separated, one row per caption) and
<out>/poison-manifest.json. Prints a JSON summary.

Dataset options (as in "mmpoison data stats"; --image-size sets the side of loaded and written images,
default 224; webdataset shards are a stream without random access, so they cannot be poisoned in place):
${datasetUsage({ seed: 'data-seed', size: 'image-size' })}

Attacks (--attack):
  single-target-image       --source A --target B [--target-image <id>]      (Attack I)
  single-target-label       --source A --target B                            (Attack II, A2B)
  multiple-target-labels    --goal A1:B1 --goal A2:B2 ...                    (Attack III)
  targeted-image            --target <label> [--target-image <id>] [--captions mentions|templates]
                            [--noise-std σ] (default --count 50)
  backdoor                  --target <label> --trigger <t> [--captions photo-of|templates|mentions|class-captions]
  label-consistent-backdoor --target <label> --trigger <t>
Common attack options:
  --rate φ | --count n          Poisons per goal: a rate of the FINAL training set, or a count
  --mode add|replace            add: poisons are new records (default for Attacks I-III and targeted);
                                replace: each poison takes its clean record's place (default for backdoors)
  --seed n                      Attack and trigger seed (default 42)
Triggers (--trigger ${triggerNames.join('|')}):
  badnet   [--patch-size 16] [--patch-location random|x,y] [--patch-kind noise|htba] [--patch-noise per-image|fixed]
  blended  [--blend-ratio 0.2]
  wanet    [--wanet-preset cleanclip|semantic-shield] [--wanet-grid k] [--wanet-strength s]
  sig      [--sig-amplitude 0.235] [--sig-frequency 6]
  bpp      [--bpp-levels 8] [--bpp-no-dither]
Output:
  --out <dir>                   Output folder (created if missing)
  --materialize needed|all      all: write every image as PNG, making <out> self-contained (default needed)`,
  async run(args, io) {
    let values: Values;
    try {
      ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const attack = values.attack as AttackName | undefined;
    if (attack === undefined) throw new UsageError(`--attack is required (${ATTACKS.join(', ')})`);
    if (!ATTACKS.includes(attack))
      throw new UsageError(`unknown --attack '${attack}' (expected ${ATTACKS.join(', ')})`);
    if (values.out === undefined) throw new UsageError('--out <dir> is required');
    const materialize = values.materialize ?? 'needed';
    if (materialize !== 'needed' && materialize !== 'all') {
      throw new UsageError(`--materialize must be needed or all, got '${materialize}'`);
    }
    // Parse every attack option before the (possibly slow) dataset scan.
    const build = attackBuilder(attack, values);
    const dataset = await openDataset(values, io);
    const { dataset: poisoned, manifest } = build(dataset);
    const outDir = resolve(io.cwd, values.out);
    const summary = await exportPoisonedDataset(poisoned, manifest, outDir, {
      encodePng,
      materialize,
      progress: consoleProgressReporter(io.stderr as NodeJS.WritableStream),
    });
    io.stdout.write(
      `${JSON.stringify({
        out: outDir,
        attack,
        goals: manifest.goals.map((goal) => ({
          name: goal.name,
          poisons: goal.poisonCount,
          rate: goal.rate,
        })),
        records: summary.records,
        poisons: summary.poisoned,
        rate: manifest.rate,
        imagesWritten: summary.imagesWritten,
        files: summary.files,
      })}\n`,
    );
    return 0;
  },
};

function attackBuilder(
  attack: AttackName,
  values: Values,
): (dataset: ImageCaptionDataset) => PoisoningResult {
  const seed = values.seed === undefined ? 42 : integer('seed', values.seed);
  const mode = poisonMode(values.mode);
  const modeOption = mode === undefined ? {} : { mode };
  const required = (name: 'source' | 'target') => {
    const value = values[name];
    if (value === undefined || value.trim() === '')
      throw new UsageError(`--attack ${attack} needs --${name}`);
    return value;
  };
  const notFor = (names: readonly (keyof Values)[]) => {
    for (const name of names)
      if (values[name] !== undefined) throw new UsageError(`--${name} does not apply to --attack ${attack}`);
  };
  if (attack !== 'backdoor' && attack !== 'label-consistent-backdoor') {
    const triggerOption = Object.keys(values).find((key) =>
      /^(trigger|patch|blend|wanet|sig|bpp)-?/.test(key),
    );
    if (triggerOption !== undefined)
      throw new UsageError(`--${triggerOption} does not apply to --attack ${attack}`);
  }
  switch (attack) {
    case 'single-target-image':
    case 'single-target-label': {
      notFor(['goal', 'trigger', 'captions', 'noise-std']);
      if (attack === 'single-target-label') notFor(['target-image']);
      const options = {
        source: required('source'),
        target: required('target'),
        poisons: budget(values, true),
        seed,
        ...modeOption,
      };
      const targetImage = values['target-image'];
      return attack === 'single-target-image'
        ? (dataset) =>
            singleTargetImageAttack(dataset, {
              ...options,
              ...(targetImage === undefined ? {} : { targetImage }),
            })
        : (dataset) => singleTargetLabelAttack(dataset, options);
    }
    case 'multiple-target-labels': {
      notFor(['source', 'target', 'target-image', 'trigger', 'captions', 'noise-std']);
      const goals = (values.goal ?? []).map((goal) => {
        const [source, target, ...rest] = goal.split(':');
        if (!source || !target || rest.length > 0)
          throw new UsageError(`--goal must look like source:target, got '${goal}'`);
        return { source, target };
      });
      if (goals.length === 0)
        throw new UsageError('--attack multiple-target-labels needs at least one --goal source:target');
      const poisons = budget(values, true);
      return (dataset) => multipleTargetLabelsAttack(dataset, { goals, poisons, seed, ...modeOption });
    }
    case 'targeted-image': {
      notFor(['source', 'goal', 'trigger']);
      if (mode === 'replace')
        throw new UsageError('the targeted image attack only adds poisons; drop --mode replace');
      const captions = values.captions;
      if (captions !== undefined && captions !== 'mentions' && captions !== 'templates') {
        throw new UsageError(
          `--captions for targeted-image must be mentions or templates, got '${captions}'`,
        );
      }
      const label = required('target');
      const poisons = budget(values, false);
      const noiseStd =
        values['noise-std'] === undefined ? undefined : number('noise-std', values['noise-std']);
      const targetImage = values['target-image'];
      return (dataset) =>
        targetedImageAttack(dataset, {
          label,
          seed,
          ...(poisons === undefined ? {} : { poisons }),
          ...(captions === undefined ? {} : { captions }),
          ...(noiseStd === undefined ? {} : { noiseStd }),
          ...(targetImage === undefined ? {} : { targetImage }),
        });
    }
    case 'backdoor':
    case 'label-consistent-backdoor': {
      notFor(['source', 'goal', 'target-image', 'noise-std']);
      const target = required('target');
      const trigger = buildTrigger(values, seed);
      const poisons = budget(values, true);
      if (attack === 'label-consistent-backdoor') {
        notFor(['captions']);
        return (dataset) =>
          labelConsistentBackdoorAttack(dataset, { trigger, target, poisons, seed, ...modeOption });
      }
      const captions = values.captions;
      if (
        captions !== undefined &&
        !['photo-of', 'templates', 'mentions', 'class-captions'].includes(captions)
      ) {
        throw new UsageError(
          `--captions for backdoor must be photo-of, templates, mentions or class-captions, got '${captions}'`,
        );
      }
      return (dataset) =>
        backdoorAttack(dataset, {
          trigger,
          target,
          poisons,
          seed,
          ...modeOption,
          ...(captions === undefined
            ? {}
            : { captions: captions as 'photo-of' | 'templates' | 'mentions' | 'class-captions' }),
        });
    }
  }
}

function budget(values: Values, required: true): PoisonBudget;
function budget(values: Values, required: false): PoisonBudget | undefined;
function budget(values: Values, required: boolean): PoisonBudget | undefined {
  if (values.rate !== undefined && values.count !== undefined)
    throw new UsageError('give --rate or --count, not both');
  if (values.rate !== undefined) {
    const rate = number('rate', values.rate);
    if (!(rate > 0 && rate < 1)) throw new UsageError(`--rate must be in (0, 1), got '${values.rate}'`);
    return { rate };
  }
  if (values.count !== undefined) {
    const count = integer('count', values.count);
    if (count < 1) throw new UsageError(`--count must be at least 1, got '${values.count}'`);
    return { count };
  }
  if (required) throw new UsageError('--rate φ or --count n is required');
  return undefined;
}

function poisonMode(value: string | undefined): PoisonMode | undefined {
  if (value === undefined || value === 'add' || value === 'replace') return value;
  throw new UsageError(`--mode must be add or replace, got '${value}'`);
}

function buildTrigger(values: Values, seed: number): Trigger {
  const name = values.trigger;
  if (name === undefined) throw new UsageError(`--trigger is required (${triggerNames.join(', ')})`);
  const optional = (option: keyof Values, parse: (text: string) => unknown) => {
    const text = values[option];
    return typeof text === 'string' ? parse(text) : undefined;
  };
  // Leaves out options the user did not give, so the trigger's defaults apply.
  const defined = <T extends Record<string, unknown>>(object: T) =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as {
      [K in keyof T]?: Exclude<T[K], undefined>;
    };
  const foreign = Object.keys(values).filter(
    (key) =>
      /^(patch|blend|wanet|sig|bpp)-/.test(key) &&
      !key.startsWith(name === 'badnet' ? 'patch-' : name === 'blended' ? 'blend-' : `${name}-`),
  );
  if (foreign.length > 0) throw new UsageError(`--${foreign[0]} does not apply to --trigger ${name}`);
  switch (name) {
    case 'badnet': {
      const kind = values['patch-kind'];
      if (kind !== undefined && kind !== 'noise' && kind !== 'htba')
        throw new UsageError(`--patch-kind must be noise or htba, got '${kind}'`);
      const noise = values['patch-noise'];
      if (noise !== undefined && noise !== 'per-image' && noise !== 'fixed') {
        throw new UsageError(`--patch-noise must be per-image or fixed, got '${noise}'`);
      }
      return badNetPatch(
        defined({
          seed,
          size: optional('patch-size', (text) => integer('patch-size', text)) as number | undefined,
          location: optional('patch-location', patchLocation) as PatchLocation | undefined,
          kind: kind as 'noise' | 'htba' | undefined,
          noise: noise as 'per-image' | 'fixed' | undefined,
        }),
      );
    }
    case 'blended':
      return blended(
        defined({
          seed,
          ratio: optional('blend-ratio', (text) => number('blend-ratio', text)) as number | undefined,
        }),
      );
    case 'wanet': {
      const preset = values['wanet-preset'];
      if (preset !== undefined && preset !== 'cleanclip' && preset !== 'semantic-shield') {
        throw new UsageError(`--wanet-preset must be cleanclip or semantic-shield, got '${preset}'`);
      }
      return wanet(
        defined({
          seed,
          preset: preset as 'cleanclip' | 'semantic-shield' | undefined,
          gridSize: optional('wanet-grid', (text) => integer('wanet-grid', text)) as number | undefined,
          strength: optional('wanet-strength', (text) => number('wanet-strength', text)) as
            | number
            | undefined,
        }),
      );
    }
    case 'sig':
      return sig(
        defined({
          seed,
          amplitude: optional('sig-amplitude', (text) => number('sig-amplitude', text)) as number | undefined,
          frequency: optional('sig-frequency', (text) => number('sig-frequency', text)) as number | undefined,
        }),
      );
    case 'bpp':
      return bpp(
        defined({
          seed,
          levels: optional('bpp-levels', (text) => integer('bpp-levels', text)) as number | undefined,
          dither: values['bpp-no-dither'] ? false : undefined,
        }),
      );
    default:
      throw new UsageError(`unknown --trigger '${name}' (expected ${triggerNames.join(', ')})`);
  }
}

function patchLocation(text: string): PatchLocation {
  if (text === 'random') return 'random';
  const match = /^(\d+),(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--patch-location must be random or x,y in pixels, got '${text}'`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

async function openDataset(values: Values, io: CliIo): Promise<ImageCaptionDataset> {
  const format = parseDatasetFormat('data-format', values['data-format']);
  if (format === 'webdataset') {
    throw new UsageError(
      'webdataset shards are a stream without random access, so they cannot be poisoned in place; convert them to jsonl first',
    );
  }
  const args: DatasetArguments = {
    ...values,
    seed: values['data-seed'] === undefined ? undefined : integer('data-seed', values['data-seed']),
    imageSize: values['image-size'] === undefined ? undefined : integer('image-size', values['image-size']),
  };
  if (format === 'synthetic') {
    const benchmark = syntheticBenchmarkFromArguments(args);
    return args.split === 'test' ? benchmark.test : benchmark.train;
  }
  return openDatasetFromArguments(
    format,
    args,
    io,
    consoleProgressReporter(io.stderr as NodeJS.WritableStream),
  );
}
