import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddingMatrix, embeddingMatrixFromTensor, normalizeRows, selectRows } from './embedding-matrix.js';
import { pairedCosineSimilarity } from './paired-cosine-similarity.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

describe('EmbeddingMatrix', () => {
  it('validates the length and finiteness of the data', () => {
    expect(() => embeddingMatrix(new Float32Array(5), 2, 3)).toThrow(
      /5 values, expected rows × dim = 2 × 3 = 6/,
    );
    expect(() => embeddingMatrix(new Float32Array([0, 1, Number.NaN, 0]), 2, 2)).toThrow(
      /row 1, column 0 is NaN/,
    );
    expect(() => embeddingMatrix(new Float32Array(0), 0, 0)).toThrow(/dim must be at least 1/);
    expect(embeddingMatrix(new Float32Array(6), 2, 3).rows).toBe(2);
  });

  it('copies a tensor into plain memory without disposing it', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const m = embeddingMatrixFromTensor(x);
    expect([m.rows, m.dim, Array.from(m.data)]).toEqual([3, 2, [1, 2, 3, 4, 5, 6]]);
    m.data[0] = 99;
    expect(x.dataSync()[0]).toBe(1);
    x.dispose();
  });

  it('normalises rows (a zero row stays zero) and selects rows', () => {
    const m = normalizeRows(embeddingMatrix(new Float32Array([3, 4, 0, 0, 0, -2]), 3, 2));
    expect(Array.from(m.data).map((v) => Number(v.toFixed(6)))).toEqual([0.6, 0.8, 0, 0, 0, -1]);
    const picked = selectRows(m, [2, 0, 2]);
    expect(Array.from(picked.data).map((v) => Number(v.toFixed(6)))).toEqual([0, -1, 0.6, 0.8, 0, -1]);
    expect(() => selectRows(m, [3])).toThrow(/index 0 is 3, expected an integer row in \[0, 3\)/);
  });

  it('computes paired cosine similarity by hand', () => {
    const a = embeddingMatrix(new Float32Array([1, 0, 1, 1, 0, 0]), 3, 2);
    const b = embeddingMatrix(new Float32Array([0, 5, 2, 2, 1, 0]), 3, 2);
    const cos = pairedCosineSimilarity(a, b);
    expect(cos[0]).toBeCloseTo(0, 12);
    expect(cos[1]).toBeCloseTo(1, 7);
    expect(cos[2]).toBe(0);
    expect(() => pairedCosineSimilarity(a, embeddingMatrix(new Float32Array(4), 2, 2))).toThrow(
      /shapes differ/,
    );
  });
});
