import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../contracts/progress.js';
import { SeededRandom } from '../random/seeded-random.js';
import { type EmbeddingMatrix, embeddingMatrix, normalizeRows } from './embedding-matrix.js';
import { topKSimilar } from './top-k-similar.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

const randomMatrix = (random: SeededRandom, rows: number, dim: number) =>
  embeddingMatrix(random.normalArray(rows * dim), rows, dim);

/** The whole score matrix in one product, then a stable descending sort per row. */
function fullTopK(queries: EmbeddingMatrix, gallery: EmbeddingMatrix, k: number) {
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
  const indices: number[] = [];
  for (let q = 0; q < queries.rows; q++) {
    const order = Array.from({ length: gallery.rows }, (_, g) => g).sort(
      (x, y) => values[q * gallery.rows + y]! - values[q * gallery.rows + x]!,
    );
    indices.push(...order.slice(0, k));
  }
  return indices;
}

describe('topKSimilar', () => {
  it('finds the best rows of a hand-made case, best first, ties to the lower index', () => {
    // Query (1, 0) scores the gallery rows 0.5, 2, −1, 2, 1 → order 1, 3 (tie with 1: later), 4, 0, 2.
    const queries = embeddingMatrix(new Float32Array([1, 0, 0, 1]), 2, 2);
    const gallery = embeddingMatrix(new Float32Array([0.5, 0, 2, 1, -1, 3, 2, -1, 1, 0.5]), 5, 2);
    const result = topKSimilar(queries, gallery, 3, { galleryChunkSize: 2 });
    expect(result.k).toBe(3);
    // Query (0, 1) scores 0, 1, 3, −1, 0.5 → order 2, 1, 4.
    expect(Array.from(result.indices)).toEqual([1, 3, 4, 2, 1, 4]);
    expect(Array.from(result.scores)).toEqual([2, 2, 1, 3, 1, 0.5]);
  });

  it('equals the full-matrix top-k with chunk sizes that do not divide the sizes', () => {
    const random = SeededRandom.fromSeed(42);
    const queries = randomMatrix(random, 23, 8);
    const gallery = randomMatrix(random, 101, 8);
    const chunked = topKSimilar(queries, gallery, 10, { queryChunkSize: 7, galleryChunkSize: 13 });
    expect(Array.from(chunked.indices)).toEqual(fullTopK(queries, gallery, 10));
    const oneBlock = topKSimilar(queries, gallery, 10);
    expect(Array.from(chunked.scores)).toEqual(Array.from(oneBlock.scores));
  });

  it('ranks by cosine with cosine: true, as after normalising the rows', () => {
    const random = SeededRandom.fromSeed(7);
    const queries = randomMatrix(random, 9, 5);
    const gallery = randomMatrix(random, 30, 5);
    const cosine = topKSimilar(queries, gallery, 4, { cosine: true, galleryChunkSize: 11 });
    const normalised = topKSimilar(normalizeRows(queries), normalizeRows(gallery), 4, {
      galleryChunkSize: 11,
    });
    expect(Array.from(cosine.indices)).toEqual(Array.from(normalised.indices));
  });

  it('clamps k to the gallery size, reports progress, and leaks no tensor', () => {
    const random = SeededRandom.fromSeed(1);
    const queries = randomMatrix(random, 5, 3);
    const gallery = randomMatrix(random, 4, 3);
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const result = topKSimilar(queries, gallery, 10, {
      queryChunkSize: 2,
      galleryChunkSize: 3,
      progress: { report: (event) => events.push(event) },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.k).toBe(4);
    expect(result.indices.length).toBe(20);
    expect(events.map((event) => event.done)).toEqual([2, 4, 5]);
    expect(events[0]).toMatchObject({ task: 'top-k', total: 5, unit: 'queries' });
  });

  it('rejects bad input with a clear message', () => {
    const a = embeddingMatrix(new Float32Array(6), 2, 3);
    const b = embeddingMatrix(new Float32Array(4), 2, 2);
    expect(() => topKSimilar(a, b, 1)).toThrow(/queries have dim 3 but the gallery has dim 2/);
    expect(() => topKSimilar(a, a, 0)).toThrow(/k must be a positive integer/);
    expect(() => topKSimilar(a, a, 1, { galleryChunkSize: 0 })).toThrow(
      /galleryChunkSize must be a positive integer/,
    );
  });
});
