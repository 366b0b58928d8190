import { createTrigger } from '@mmpoison/attacks';
import { buildZeroShotClassifier, embedDataset } from '@mmpoison/clip-model';
import {
  type ContrastiveModel,
  type EmbeddingMatrix,
  type ImageCaptionDataset,
  type ProgressReporter,
  SeededRandom,
  selectRows,
} from '@mmpoison/core-tensor';
import {
  attackSuccessRate,
  minRankSummary,
  type RateAtK,
  type RetrievalOptions,
  randomQueryBaseline,
  recallAtK,
  targetRetrieval,
  zeroShotAccuracy,
} from '@mmpoison/metrics';
import type { EvaluationConfig } from './study-config.js';
import type {
  BackdoorEvaluation,
  GoalEvaluation,
  ModelEvaluation,
  PoisoningSummary,
} from './study-results.js';
import { TriggeredDataset } from './triggered-dataset.js';

/** The test split's embeddings under one model, kept to compare the clean and the poisoned model. */
export interface TestEmbeddings {
  readonly images: EmbeddingMatrix;
  readonly captions: EmbeddingMatrix;
  readonly captionImageIndex: Int32Array;
}

export interface EvaluateOptions {
  readonly evaluation: EvaluationConfig;
  readonly poisoning: PoisoningSummary;
  readonly seed: number;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

function classIndex(classNames: readonly string[], name: string, field: string): number {
  const index = classNames.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (index < 0) {
    throw new Error(
      `${field}: class '${name}' is not in the test split's classes (${classNames.join(', ')})`,
    );
  }
  return index;
}

/**
 * Text→image Hit@K and MinRank of one A2B goal (seed paper 1, Sec. 4.1): the queries are the test
 * captions of class A (at most `queries` of them, drawn with the seed), the targets every test image
 * of class B. The random-query baseline draws as many test captions of the other classes with the
 * same seed, so the clean and the poisoned model are scored on identical queries.
 */
function evaluateGoal(
  embeddings: TestEmbeddings,
  labels: Int32Array,
  classNames: readonly string[],
  goal: { readonly name: string; readonly source?: string; readonly target: string },
  options: EvaluateOptions,
  retrieval: RetrievalOptions,
): GoalEvaluation {
  const source = classIndex(classNames, goal.source ?? '', 'attack.source');
  const target = classIndex(classNames, goal.target, 'attack.target');
  const targets: number[] = [];
  for (let image = 0; image < labels.length; image++) if (labels[image] === target) targets.push(image);
  const sourceRows: number[] = [];
  const otherRows: number[] = [];
  embeddings.captionImageIndex.forEach((image, row) => {
    (labels[image] === source ? sourceRows : otherRows).push(row);
  });
  if (targets.length === 0)
    throw new Error(`evaluation: the test split has no image of class '${goal.target}'`);
  if (sourceRows.length === 0)
    throw new Error(`evaluation: the test split has no caption of class '${goal.source}'`);
  const random = SeededRandom.fromSeed(options.seed).derive(`evaluation:${goal.name}`);
  const limit = options.evaluation.queries;
  const queryRows =
    limit !== undefined && limit < sourceRows.length
      ? random.derive('queries').sample(sourceRows, limit)
      : sourceRows;
  const attack = targetRetrieval(
    selectRows(embeddings.captions, Int32Array.from(queryRows)),
    embeddings.images,
    targets,
    retrieval,
  );
  const baselineCount = Math.min(queryRows.length, otherRows.length);
  const baseline = randomQueryBaseline(
    selectRows(embeddings.captions, Int32Array.from(otherRows)),
    baselineCount,
    embeddings.images,
    targets,
    random.derive('baseline'),
    retrieval,
  );
  return {
    name: goal.name,
    source: classNames[source]!,
    target: classNames[target]!,
    targets: targets.length,
    attack: { queries: queryRows.length, hitAtK: attack.hitAtK, minRank: attack.minRank },
    baseline: { queries: baselineCount, hitAtK: baseline.hitAtK, minRank: minRankSummary(baseline.ranks) },
  };
}

/**
 * Embeds the test split with `model` and computes every metric of the study: utility Recall@K both
 * ways, zero-shot accuracy, and the attack's own metrics (each goal's Hit@K / MinRank with its
 * baseline, or the backdoor's attack success rate on triggered test images).
 */
export async function evaluateStudyModel(
  model: ContrastiveModel,
  test: ImageCaptionDataset,
  options: EvaluateOptions,
): Promise<{ readonly embeddings: TestEmbeddings; readonly metrics: Omit<ModelEvaluation, 'training'> }> {
  const { evaluation, poisoning, progress, signal } = options;
  const embedOptions = {
    ...(evaluation.embedBatchSize === undefined
      ? { batchSize: 128 }
      : { batchSize: evaluation.embedBatchSize }),
    ...(progress === undefined ? {} : { progress }),
    ...(signal === undefined ? {} : { signal }),
  };
  const embedded = await embedDataset(model, test, embedOptions);
  const embeddings: TestEmbeddings = {
    images: embedded.images!,
    captions: embedded.captions!,
    captionImageIndex: embedded.captionImageIndex!,
  };
  const retrieval: RetrievalOptions = {
    ks: evaluation.ks,
    ...(evaluation.queryChunkSize === undefined ? {} : { queryChunkSize: evaluation.queryChunkSize }),
    ...(evaluation.galleryChunkSize === undefined ? {} : { galleryChunkSize: evaluation.galleryChunkSize }),
  };
  const recall = recallAtK(embeddings.images, embeddings.captions, embeddings.captionImageIndex, retrieval);
  const metrics: {
    recall: ModelEvaluation['recall'];
    zeroShotAccuracy?: RateAtK;
    goals?: GoalEvaluation[];
    backdoor?: BackdoorEvaluation;
  } = { recall: { textToImage: recall.textToImage.recall, imageToText: recall.imageToText.recall } };

  const classNames = test.classNames;
  if (classNames === undefined) return { embeddings, metrics };
  const labels = Int32Array.from({ length: test.size }, (_, index) => {
    const label = test.meta(index).label;
    if (label === undefined)
      throw new Error(`evaluation: test record ${index} (${test.meta(index).id}) has no label`);
    return label;
  });
  // Without templates of its own the classifier uses CLIP's basic prompt, "a photo of a {}.".
  const classifier =
    evaluation.templates === undefined
      ? buildZeroShotClassifier(model, classNames)
      : buildZeroShotClassifier(model, classNames, evaluation.templates);
  const classes = classifier.classEmbeddings;
  const zeroShotKs = evaluation.ks.filter((k) => k <= classNames.length);
  const ks = zeroShotKs.length > 0 ? zeroShotKs : [1];
  metrics.zeroShotAccuracy = zeroShotAccuracy(embeddings.images, classes, labels, { ks });

  if (poisoning.attack === 'backdoor') {
    const target = classIndex(classNames, poisoning.goals[0]!.target, 'attack.target');
    const trigger = createTrigger(poisoning.trigger!);
    const triggered = await embedDataset(model, new TriggeredDataset(test, trigger), {
      ...embedOptions,
      what: 'images',
    });
    const success = attackSuccessRate(triggered.images!, classes, labels, target, { ks });
    const onClean = attackSuccessRate(embeddings.images, classes, labels, target, { ks });
    metrics.backdoor = {
      target: classNames[target]!,
      attackSuccessRate: success.rate,
      cleanTargetRate: onClean.rate,
      evaluated: success.evaluated,
      excluded: success.excluded,
    };
  } else {
    metrics.goals = poisoning.goals.map((goal) =>
      evaluateGoal(embeddings, labels, classNames, goal, options, retrieval),
    );
  }
  return { embeddings, metrics };
}
