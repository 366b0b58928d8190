import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { l2Normalize } from './l2-normalize.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

describe('l2Normalize', () => {
  it('scales rows to unit length along the last axis by default', () => {
    const out = l2Normalize(tf.tensor2d([3, 4, 0, 5, 1, 0], [3, 2]));
    const values = Array.from(out.dataSync());
    [0.6, 0.8, 0, 1, 1, 0].forEach((expected, i) => {
      expect(values[i]).toBeCloseTo(expected, 6);
    });
  });

  it('normalises along another axis when asked', () => {
    const out = l2Normalize(tf.tensor2d([3, 1, 4, 0], [2, 2]), 0);
    const values = Array.from(out.dataSync());
    [0.6, 1, 0.8, 0].forEach((expected, i) => {
      expect(values[i]).toBeCloseTo(expected, 6);
    });
  });

  it('keeps a zero vector at zero with a finite gradient', () => {
    const zero = tf.zeros([1, 3]);
    expect(Array.from(l2Normalize(zero).dataSync())).toEqual([0, 0, 0]);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(l2Normalize(x)))(zero);
    expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('rejects a bad axis or epsilon, and leaks no tensor', () => {
    const x = tf.tensor2d([1, 2], [1, 2]);
    expect(() => l2Normalize(x, 2)).toThrow(/axis 2 is out of range/);
    expect(() => l2Normalize(x, -1, 0)).toThrow(/epsilon/);
    const before = tf.memory().numTensors;
    l2Normalize(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
