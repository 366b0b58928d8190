import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random.js';
import { type EmbeddingMatrix, embeddingMatrix } from './embedding-matrix.js';
import { rankOfTargets } from './rank-of-targets.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

/** 1 + the number of gallery rows scoring strictly above the best target, from the whole matrix. */
function fullRanks(queries: EmbeddingMatrix, gallery: EmbeddingMatrix, targetsOf: (q: number) => number[]) {
  const scores = tf.tidy(() =>
    tf.matMul(
      tf.tensor2d(queries.data, [queries.rows, queries.dim]),
      tf.tensor2d(gallery.data, [gallery.rows, gallery.dim]),
      false,
      true,
    ),
  );
  const values = scores.dataSync();
  scores.dispose();
  return Array.from({ length: queries.rows }, (_, q) => {
    const row = values.subarray(q * gallery.rows, (q + 1) * gallery.rows);
    const best = Math.max(...targetsOf(q).map((t) => row[t]!));
    return 1 + row.filter((score) => score > best).length;
  });
}

describe('rankOfTargets', () => {
  it('gives 1-based ranks of the best target in a hand-made case, ties in the target’s favour', () => {
    // Query (1, 0) scores gallery rows: 0.5, 2, −1, 2, 1.
    const queries = embeddingMatrix(new Float32Array([1, 0]), 1, 2);
    const gallery = embeddingMatrix(new Float32Array([0.5, 0, 2, 1, -1, 3, 2, -1, 1, 0.5]), 5, 2);
    const rank = (targets: number[]) =>
      rankOfTargets(queries, gallery, () => targets, { galleryChunkSize: 2 })[0];
    expect(rank([1])).toBe(1); // the first place is rank 1, not 0
    expect(rank([3])).toBe(1); // ties with row 1 (score 2): not pushed down
    expect(rank([4])).toBe(3); // rows 1 and 3 score above 1
    expect(rank([2])).toBe(5); // last of five
    expect(rank([2, 0])).toBe(4); // the best of the targets counts: row 0 at 0.5 is 4th
  });

  it('equals the full-matrix ranks on random data with chunk sizes that do not divide the sizes', () => {
    const random = SeededRandom.fromSeed(42);
    const queries = embeddingMatrix(random.normalArray(37 * 6), 37, 6);
    const gallery = embeddingMatrix(random.normalArray(211 * 6), 211, 6);
    const targetLists = Array.from({ length: queries.rows }, (_, q) =>
      random.sample(
        Array.from({ length: gallery.rows }, (_, g) => g),
        1 + (q % 4),
      ),
    );
    const targetsOf = (q: number) => targetLists[q]!;
    const expected = fullRanks(queries, gallery, targetsOf);
    const before = tf.memory().numTensors;
    const chunked = rankOfTargets(queries, gallery, targetsOf, { queryChunkSize: 8, galleryChunkSize: 17 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(chunked)).toEqual(expected);
    expect(Array.from(rankOfTargets(queries, gallery, targetsOf))).toEqual(expected);
    expect(Math.min(...chunked)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...chunked)).toBeLessThanOrEqual(gallery.rows);
  });

  it('rejects queries without targets and targets outside the gallery', () => {
    const queries = embeddingMatrix(new Float32Array([1, 0, 0, 1]), 2, 2);
    const gallery = embeddingMatrix(new Float32Array([1, 0, 0, 1]), 2, 2);
    expect(() => rankOfTargets(queries, gallery, (q) => (q === 1 ? [] : [0]))).toThrow(
      /query 1 has no target/,
    );
    expect(() => rankOfTargets(queries, gallery, () => [2])).toThrow(
      /target 0 of query 0 is 2, expected an integer gallery row in \[0, 2\)/,
    );
  });
});
