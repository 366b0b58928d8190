import * as tf from '@tensorflow/tfjs';
import { l2Normalize } from './l2-normalize.js';

function assertSameWidth(a: tf.Tensor2D, b: tf.Tensor2D, caller: string): void {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new RangeError(`${caller}: expected two 2-D tensors, got shapes [${a.shape}] and [${b.shape}]`);
  }
  if (a.shape[1] !== b.shape[1]) {
    throw new RangeError(
      `${caller}: the embedding widths differ ([${a.shape}] vs [${b.shape}]); both need the same number of columns`,
    );
  }
}

/** Cosine similarity of every row of `a` with every row of `b`: shape [a.rows, b.rows]. */
export function cosineSimilarityMatrix(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  assertSameWidth(a, b, 'cosineSimilarityMatrix');
  return tf.tidy(() => tf.matMul(l2Normalize(a), l2Normalize(b), false, true));
}

/** Cosine distance 1 − cos of every row of `a` with every row of `b`, in [0, 2]: shape [a.rows, b.rows]. */
export function cosineDistanceMatrix(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  assertSameWidth(a, b, 'cosineDistanceMatrix');
  return tf.tidy(() => tf.sub(1, cosineSimilarityMatrix(a, b)));
}

/** Cosine similarity of row i of `a` with row i of `b`: shape [rows]. */
export function rowCosineSimilarity(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  assertSameWidth(a, b, 'rowCosineSimilarity');
  if (a.shape[0] !== b.shape[0]) {
    throw new RangeError(
      `rowCosineSimilarity: the row counts differ ([${a.shape}] vs [${b.shape}]); rows are compared pairwise`,
    );
  }
  return tf.tidy(() => tf.sum(tf.mul(l2Normalize(a), l2Normalize(b)), 1));
}
