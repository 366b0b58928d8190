import { createRequire } from 'node:module';
import os from 'node:os';
import type { PoisoningResult } from '@mmpoison/attacks';
import { type ClipModel, trainContrastive } from '@mmpoison/clip-model';
import {
  type ImageCaptionDataset,
  lastBackendReport,
  type ProgressReporter,
  silentProgressReporter,
} from '@mmpoison/core-tensor';
import { embeddingCosineDistance } from '@mmpoison/metrics';
import * as tf from '@tensorflow/tfjs';
import { applyStudyAttack, summarizePoisoning } from './apply-study-attack.js';
import { evaluateStudyModel, type TestEmbeddings } from './evaluate-study-model.js';
import type { StudyConfig, TrainingConfig } from './study-config.js';
import { prepareStudyData } from './study-data.js';
import { createStudyModelFactory, type StudyModelFactory } from './study-model.js';
import type { ModelEvaluation, PoisoningSummary, StudyResults, TrainingSummary } from './study-results.js';
import { writeStudyOutput } from './write-study-output.js';

export interface RunStudyOptions {
  /** Receives stage lines and training / embedding progress (default: silent). */
  readonly progress?: ProgressReporter;
  /** One line per stage (`training the clean model`), for a terminal. */
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Do not write results.json / report.md (default false: write them into `config.output`). */
  readonly skipOutput?: boolean;
}

export interface StudyRun {
  readonly results: StudyResults;
  /** Paths written, unless `skipOutput`. */
  readonly files?: { readonly results: string; readonly report: string };
}

/** Optimiser steps of one epoch, as the training loop counts them (a last batch of one is skipped). */
function stepsPerEpoch(size: number, batchSize: number): number {
  return Math.floor(size / batchSize) + (size % batchSize >= 2 ? 1 : 0);
}

async function trainModel(
  model: ClipModel,
  dataset: ImageCaptionDataset,
  training: TrainingConfig,
  seed: number,
  options: RunStudyOptions,
): Promise<TrainingSummary> {
  const result = await trainContrastive({
    model,
    dataset,
    batchSize: training.batchSize,
    epochs: training.epochs,
    // Same seed for both runs: the same initialisation, caption draws and shuffling stream.
    seed,
    learningRate: training.learningRate,
    // The loop is bounded by its epochs; the explicit step budget keeps the run bounded even so.
    maxSteps: stepsPerEpoch(dataset.size, training.batchSize) * training.epochs,
    adamW: { weightDecay: training.weightDecay ?? 0.2 },
    ...(training.minLearningRate === undefined ? {} : { minLearningRate: training.minLearningRate }),
    ...(training.warmupSteps === undefined ? {} : { warmupSteps: training.warmupSteps }),
    ...(training.maxGradientNorm === undefined ? {} : { maxGradientNorm: training.maxGradientNorm }),
    ...(training.freeze === undefined ? {} : { freeze: training.freeze }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return {
    steps: result.steps,
    epochs: result.epochsCompleted,
    seconds: result.seconds,
    imagesPerSecond: result.itemsPerSecond,
    finalLoss: result.finalLoss,
    epochMeanLosses: result.epochMeanLosses,
  };
}

async function trainAndEvaluate(
  name: 'clean' | 'poisoned',
  factory: StudyModelFactory,
  train: ImageCaptionDataset,
  test: ImageCaptionDataset,
  config: StudyConfig,
  poisoning: PoisoningSummary,
  options: RunStudyOptions,
  timings: Record<string, number>,
): Promise<{ evaluation: ModelEvaluation; embeddings: TestEmbeddings }> {
  const model = await factory.create(`study_${name}`);
  try {
    options.log?.(`Training the ${name} model on ${train.size} records…`);
    let started = performance.now();
    const training = await trainModel(
      model,
      train,
      config.training,
      config.training.seed ?? config.seed,
      options,
    );
    timings[`train ${name}`] = (performance.now() - started) / 1000;
    options.log?.(`Evaluating the ${name} model…`);
    started = performance.now();
    const { embeddings, metrics } = await evaluateStudyModel(model, test, {
      evaluation: config.evaluation,
      poisoning,
      seed: config.seed,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    timings[`evaluate ${name}`] = (performance.now() - started) / 1000;
    return { evaluation: { training, ...metrics }, embeddings };
  } finally {
    model.dispose();
  }
}

const studyPackages = [
  '@mmpoison/cli',
  '@mmpoison/core-tensor',
  '@mmpoison/clip-model',
  '@mmpoison/datasets',
  '@mmpoison/attacks',
  '@mmpoison/metrics',
] as const;

/** Versions of the packages that ran the study, Node.js and tfjs. */
function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = { node: process.version, tfjs: tf.version.tfjs };
  for (const name of studyPackages) {
    try {
      versions[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}

/**
 * Runs one study (ARCHITECTURE.md, "The main job"): builds the dataset, applies the attack, trains
 * the clean and the poisoned model from the same initial weights with the same seed, evaluates both
 * on the same test split and queries, and writes `results.json` and `report.md` into
 * `config.output`. The tfjs backend must be initialised first (`initBackend`).
 */
export async function runStudy(config: StudyConfig, options: RunStudyOptions = {}): Promise<StudyRun> {
  const { signal } = options;
  const startedAt = new Date().toISOString();
  const loadAverage = os.loadavg();
  const timings: Record<string, number> = {};
  const total = performance.now();
  const progress = options.progress ?? silentProgressReporter;

  let started = performance.now();
  options.log?.(`Preparing the data (${config.data.kind})…`);
  const data = await prepareStudyData(config.data, config.seed, { progress, ...(signal ? { signal } : {}) });
  timings['data'] = (performance.now() - started) / 1000;
  signal?.throwIfAborted();

  started = performance.now();
  const poisoned: PoisoningResult = applyStudyAttack(data.train, config.attack, config.seed);
  const poisoning = summarizePoisoning(poisoned);
  timings['attack'] = (performance.now() - started) / 1000;
  options.log?.(
    `Attack ${poisoning.attack} (${poisoning.goals.map((goal) => goal.name).join(', ')}): ${poisoning.counts.poisons} poisons, ` +
      `rate ${poisoning.rate.toFixed(4)} of ${poisoning.counts.total} training records`,
  );

  started = performance.now();
  const factory = await createStudyModelFactory(
    config.model,
    data.train,
    config.training.seed ?? config.seed,
  );
  timings['model setup'] = (performance.now() - started) / 1000;

  const clean = await trainAndEvaluate(
    'clean',
    factory,
    data.train,
    data.test,
    config,
    poisoning,
    options,
    timings,
  );
  const attacked = await trainAndEvaluate(
    'poisoned',
    factory,
    poisoned.dataset,
    data.test,
    config,
    poisoning,
    options,
    timings,
  );
  const imageDistance = embeddingCosineDistance(clean.embeddings.images, attacked.embeddings.images);
  const captionDistance = embeddingCosineDistance(clean.embeddings.captions, attacked.embeddings.captions);
  timings['total'] = (performance.now() - total) / 1000;

  const backend = lastBackendReport()?.backend ?? tf.getBackend();
  const results: StudyResults = {
    format: 'mmpoison-study-results',
    version: 1,
    name: config.name,
    seed: config.seed,
    config,
    startedAt,
    versions: packageVersions(),
    backend: { name: backend },
    machine: { cpus: os.availableParallelism?.() ?? os.cpus().length, loadAverage },
    timings,
    data: {
      train: data.train.size,
      test: data.test.size,
      testCaptions: clean.embeddings.captions.rows,
      ...(data.test.classNames === undefined ? {} : { classes: data.test.classNames }),
    },
    poisoning,
    models: { clean: clean.evaluation, poisoned: attacked.evaluation },
    cosineDistance: {
      images: { mean: imageDistance.mean, median: imageDistance.median },
      captions: { mean: captionDistance.mean, median: captionDistance.median },
    },
  };
  if (options.skipOutput) return { results };
  const files = await writeStudyOutput(config.output, results);
  return { results, files };
}
