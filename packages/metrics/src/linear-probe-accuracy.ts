import { type EmbeddingMatrix, type Seed, SeededRandom, selectRows } from '@mmpoison/core-tensor';
import { LinearProbe, type LinearProbeOptions } from './linear-probe.js';
import { trainTestSplit } from './train-test-split.js';

export interface LinearProbeAccuracyOptions extends Omit<LinearProbeOptions, 'seed'> {
  /** Fraction held out for testing (default 0.2); the split is stratified by label. */
  readonly testFraction?: number;
  /** Seeds the split and the mini-batch order (independent named streams). Default 0. */
  readonly seed?: Seed;
}

export interface LinearProbeAccuracyResult {
  /** Accuracy on the held-out rows. */
  readonly accuracy: number;
  readonly trainAccuracy: number;
  readonly trainCount: number;
  readonly testCount: number;
}

/**
 * Linear-probe accuracy of frozen features (methods.md): a seeded stratified train/test split, a
 * logistic-regression probe trained on the train part, accuracy on the test part.
 */
export function linearProbeAccuracy(
  features: EmbeddingMatrix,
  labels: ArrayLike<number>,
  options: LinearProbeAccuracyOptions = {},
): LinearProbeAccuracyResult {
  if (labels.length !== features.rows) {
    throw new RangeError(
      `linearProbeAccuracy: labels has ${labels.length} entries, expected ${features.rows}`,
    );
  }
  const random = SeededRandom.fromSeed(options.seed ?? 0);
  const split = trainTestSplit(features.rows, {
    testFraction: options.testFraction ?? 0.2,
    seed: random.derive('split'),
    stratifyBy: labels,
  });
  let largest = 0;
  for (let i = 0; i < labels.length; i++) largest = Math.max(largest, labels[i]!);
  const trainLabels = Array.from(split.train, (row) => labels[row]!);
  const testLabels = Array.from(split.test, (row) => labels[row]!);
  const train = selectRows(features, split.train);
  const probe = LinearProbe.train(train, trainLabels, {
    ...options,
    classCount: options.classCount ?? largest + 1,
    seed: random.derive('train'),
  });
  try {
    return {
      accuracy: probe.accuracy(selectRows(features, split.test), testLabels),
      trainAccuracy: probe.accuracy(train, trainLabels),
      trainCount: split.train.length,
      testCount: split.test.length,
    };
  } finally {
    probe.dispose();
  }
}
