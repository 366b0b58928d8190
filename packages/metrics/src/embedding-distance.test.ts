import { embeddingMatrix } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { embeddingCosineDistance } from './embedding-cosine-distance.js';
import { embeddingShift } from './embedding-shift.js';

// Rows compared pairwise: (1,0)·(1,0) → cos 1; (1,0)·(1,1) → cos 1/√2; (2,0)·(−1,0) → cos −1.
const a = embeddingMatrix(new Float32Array([1, 0, 1, 0, 2, 0]), 3, 2);
const b = embeddingMatrix(new Float32Array([1, 0, 1, 1, -1, 0]), 3, 2);
const halfDistance = 1 - Math.SQRT1_2;

describe('embeddingCosineDistance', () => {
  it('gives 1 − cos per row with its mean and median', () => {
    const result = embeddingCosineDistance(a, b);
    expect(Array.from(result.perItem).map((d) => Number(d.toFixed(7)))).toEqual([
      0,
      Number(halfDistance.toFixed(7)),
      2,
    ]);
    expect(result.mean).toBeCloseTo((halfDistance + 2) / 3, 7);
    expect(result.median).toBeCloseTo(halfDistance, 7);
  });

  it('rejects different shapes', () => {
    expect(() => embeddingCosineDistance(a, embeddingMatrix(new Float32Array(4), 2, 2))).toThrow(
      /shapes differ/,
    );
  });
});

describe('embeddingShift', () => {
  it('gives d = 2(1 − cos) per item and its mean', () => {
    const result = embeddingShift(a, b);
    expect(result.perItem[0]).toBeCloseTo(0, 7);
    expect(result.perItem[1]).toBeCloseTo(2 * halfDistance, 7);
    expect(result.perItem[2]).toBeCloseTo(4, 7);
    expect(result.mean).toBeCloseTo((2 * halfDistance + 4) / 3, 7);
  });
});
