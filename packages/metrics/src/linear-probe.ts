import { type EmbeddingMatrix, type ProgressReporter, type Seed, SeededRandom } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { checkLabels, checkNotEmpty } from './validation.js';

export interface LinearProbeOptions {
  /** Number of classes (default: the largest label + 1). */
  readonly classCount?: number;
  /** Passes over the training rows (default 100). */
  readonly epochs?: number;
  /** Rows per Adam step; the whole set when at least the row count (default 256). */
  readonly batchSize?: number;
  /** Adam learning rate (default 0.01). */
  readonly learningRate?: number;
  /** L2 penalty λ: the loss adds λ/2 · ‖W‖² (bias not penalised; default 1e-4). */
  readonly l2?: number;
  /** Standardise each feature with the training mean and standard deviation (default true). */
  readonly standardize?: boolean;
  /** Seed of the mini-batch order (weights start at zero, so this is the only randomness). */
  readonly seed?: Seed | SeededRandom;
  /** One event per epoch. */
  readonly progress?: ProgressReporter;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`LinearProbe: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * A linear probe (CLIP; CleanCLIP and RoCLIP report it): multinomial logistic regression on frozen
 * image features, trained with Adam on the mean softmax cross-entropy plus an L2 penalty, as
 * CleanCLIP's evaluation code does (the CLIP paper uses scikit-learn's L-BFGS; the loss is convex,
 * so both reach the same optimum up to convergence). Holds tensors: call `dispose()`.
 */
export class LinearProbe {
  readonly classCount: number;
  readonly dim: number;
  private readonly weights: tf.Variable<tf.Rank.R2>;
  private readonly bias: tf.Variable<tf.Rank.R1>;
  private readonly mean: tf.Tensor1D;
  private readonly scale: tf.Tensor1D;

  private constructor(classCount: number, dim: number, mean: Float32Array, scale: Float32Array) {
    this.classCount = classCount;
    this.dim = dim;
    this.weights = zeroVariable([dim, classCount]) as tf.Variable<tf.Rank.R2>;
    this.bias = zeroVariable([classCount]) as tf.Variable<tf.Rank.R1>;
    this.mean = tf.tensor1d(mean);
    this.scale = tf.tensor1d(scale);
  }

  /** Trains a probe on `features` (one row per example) and integer `labels`. */
  static train(
    features: EmbeddingMatrix,
    labels: ArrayLike<number>,
    options: LinearProbeOptions = {},
  ): LinearProbe {
    checkNotEmpty(features.rows, 'the feature matrix', 'LinearProbe.train');
    let largest = 0;
    for (let i = 0; i < labels.length; i++) largest = Math.max(largest, labels[i]!);
    const classCount = positiveInteger(options.classCount ?? largest + 1, 'classCount');
    checkLabels(labels, features.rows, classCount, 'labels', 'LinearProbe.train');
    const epochs = positiveInteger(options.epochs ?? 100, 'epochs');
    const batchSize = Math.min(positiveInteger(options.batchSize ?? 256, 'batchSize'), features.rows);
    const learningRate = options.learningRate ?? 0.01;
    const l2 = options.l2 ?? 1e-4;
    if (!(learningRate > 0))
      throw new RangeError(`LinearProbe: learningRate must be positive, got ${learningRate}`);
    if (!(l2 >= 0)) throw new RangeError(`LinearProbe: l2 must be non-negative, got ${l2}`);
    const seed = options.seed ?? 0;
    const random = seed instanceof SeededRandom ? seed : SeededRandom.fromSeed(seed);

    const { mean, scale } = featureStatistics(features, options.standardize ?? true);
    const probe = new LinearProbe(classCount, features.dim, mean, scale);
    const optimizer = tf.train.adam(learningRate);
    const fullBatch = batchSize === features.rows;
    let cached: { x: tf.Tensor2D; y: tf.Tensor2D } | undefined;
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const order = fullBatch ? null : random.permutation(features.rows);
        for (let start = 0; start < features.rows; start += batchSize) {
          const rows = order ? order.slice(start, start + batchSize) : null;
          if (!rows && !cached) cached = probe.batch(features, labels, null);
          const batch = rows ? probe.batch(features, labels, rows) : cached!;
          tf.tidy(() => {
            optimizer.minimize(
              (): tf.Scalar => {
                const logits = tf.add(tf.matMul(batch.x, probe.weights), probe.bias);
                const crossEntropy = tf.losses.softmaxCrossEntropy(batch.y, logits);
                if (l2 === 0) return crossEntropy as tf.Scalar;
                return tf.add(crossEntropy, tf.mul(0.5 * l2, tf.sum(tf.square(probe.weights))));
              },
              false,
              [probe.weights, probe.bias],
            );
          });
          if (rows) {
            batch.x.dispose();
            batch.y.dispose();
          }
        }
        options.progress?.report({ task: 'linear probe', done: epoch + 1, total: epochs, unit: 'epochs' });
      }
    } catch (error) {
      probe.dispose();
      throw error;
    } finally {
      cached?.x.dispose();
      cached?.y.dispose();
      optimizer.dispose();
    }
    return probe;
  }

  /** Standardised features and one-hot labels of the given rows (all rows when `rows` is null). */
  private batch(
    features: EmbeddingMatrix,
    labels: ArrayLike<number>,
    rows: readonly number[] | null,
  ): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const count = rows ? rows.length : features.rows;
    const data = new Float32Array(count * features.dim);
    const targets = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const row = rows ? rows[i]! : i;
      data.set(features.data.subarray(row * features.dim, (row + 1) * features.dim), i * features.dim);
      targets[i] = labels[row]!;
    }
    return tf.tidy(() => ({
      x: this.standardise(tf.tensor2d(data, [count, features.dim])),
      y: tf.oneHot(tf.tensor1d(targets, 'int32'), this.classCount).toFloat() as tf.Tensor2D,
    }));
  }

  private standardise(x: tf.Tensor2D): tf.Tensor2D {
    return tf.div(tf.sub(x, this.mean), this.scale);
  }

  /** The most probable class of every row (ties to the lower class), in blocks of `batchSize` rows. */
  predict(features: EmbeddingMatrix, batchSize = 4096): Int32Array {
    if (features.dim !== this.dim) {
      throw new RangeError(
        `LinearProbe.predict: features have dim ${features.dim}, the probe was trained on ${this.dim}`,
      );
    }
    const out = new Int32Array(features.rows);
    for (let start = 0; start < features.rows; start += batchSize) {
      const count = Math.min(batchSize, features.rows - start);
      const predicted = tf.tidy(() => {
        const x = tf.tensor2d(features.data.subarray(start * this.dim, (start + count) * this.dim), [
          count,
          this.dim,
        ]);
        return tf.argMax(tf.add(tf.matMul(this.standardise(x), this.weights), this.bias), 1);
      });
      out.set(predicted.dataSync(), start);
      predicted.dispose();
    }
    return out;
  }

  /** Fraction of rows whose predicted class equals the label. */
  accuracy(features: EmbeddingMatrix, labels: ArrayLike<number>): number {
    checkNotEmpty(features.rows, 'the feature matrix', 'LinearProbe.accuracy');
    checkLabels(labels, features.rows, this.classCount, 'labels', 'LinearProbe.accuracy');
    const predicted = this.predict(features);
    let right = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) right++;
    return right / predicted.length;
  }

  dispose(): void {
    this.weights.dispose();
    this.bias.dispose();
    this.mean.dispose();
    this.scale.dispose();
  }
}

/** A trainable variable of zeros (the initial tensor is disposed: the variable keeps its own copy). */
function zeroVariable(shape: number[]): tf.Variable {
  const initial = tf.zeros(shape);
  try {
    return tf.variable(initial, true);
  } finally {
    initial.dispose();
  }
}

/** Per-feature mean and standard deviation of the training rows (identity when not standardising). */
function featureStatistics(
  features: EmbeddingMatrix,
  standardize: boolean,
): { mean: Float32Array; scale: Float32Array } {
  const { rows, dim, data } = features;
  const mean = new Float32Array(dim);
  const scale = new Float32Array(dim).fill(1);
  if (!standardize) return { mean, scale };
  const sum = new Float64Array(dim);
  const squares = new Float64Array(dim);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < dim; j++) {
      const value = data[row * dim + j]!;
      sum[j] = sum[j]! + value;
      squares[j] = squares[j]! + value * value;
    }
  }
  for (let j = 0; j < dim; j++) {
    const average = sum[j]! / rows;
    const variance = Math.max(squares[j]! / rows - average * average, 0);
    mean[j] = average;
    // A constant feature carries nothing; dividing by 1 keeps it finite.
    scale[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, scale };
}
