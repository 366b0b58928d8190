import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosineDistanceMatrix, cosineSimilarityMatrix, rowCosineSimilarity } from './cosine-similarity.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

const expectClose = (actual: ArrayLike<number>, expected: readonly number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    expect(actual[i]).toBeCloseTo(value, 5);
  });
};

describe('cosine similarity and distance', () => {
  // a = [(1,0), (1,1)], b = [(2,0), (0,3), (−1,−1)], computed by hand:
  // cos((1,0),(2,0)) = 1, cos((1,0),(0,3)) = 0, cos((1,0),(−1,−1)) = −1/√2,
  // cos((1,1),(2,0)) = 1/√2, cos((1,1),(0,3)) = 1/√2, cos((1,1),(−1,−1)) = −1.
  const s = Math.SQRT1_2;

  it('gives every pair of rows', () => {
    const a = tf.tensor2d([1, 0, 1, 1], [2, 2]);
    const b = tf.tensor2d([2, 0, 0, 3, -1, -1], [3, 2]);
    const similarity = cosineSimilarityMatrix(a, b);
    expect(similarity.shape).toEqual([2, 3]);
    expectClose(similarity.dataSync(), [1, 0, -s, s, s, -1]);
    expectClose(cosineDistanceMatrix(a, b).dataSync(), [0, 1, 1 + s, 1 - s, 1 - s, 2]);
  });

  it('pairs row i with row i', () => {
    const a = tf.tensor2d([1, 0, 1, 1], [2, 2]);
    const b = tf.tensor2d([0, 3, -2, -2], [2, 2]);
    expectClose(rowCosineSimilarity(a, b).dataSync(), [0, -1]);
  });

  it('rejects mismatched shapes with a message and leaks no tensor', () => {
    const a = tf.tensor2d([1, 0, 1, 1], [2, 2]);
    const b = tf.tensor2d([1, 0, 0], [1, 3]);
    expect(() => cosineSimilarityMatrix(a, b)).toThrow(/widths differ/);
    expect(() => rowCosineSimilarity(a, tf.tensor2d([1, 0], [1, 2]))).toThrow(/row counts differ/);
    const before = tf.memory().numTensors;
    cosineSimilarityMatrix(a, a).dispose();
    cosineDistanceMatrix(a, a).dispose();
    rowCosineSimilarity(a, a).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
