import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { circle, useWasmBackend } from './__fixtures__/circle.js';
import { backdoorHitAtK } from './backdoor-hit-at-k.js';
import { randomQueryBaseline } from './random-query-baseline.js';
import { targetRetrieval } from './target-retrieval.js';

useWasmBackend();

describe('targetRetrieval (Hit@K and MinRank)', () => {
  it('text→image: ranks of the target images, by cosine, worked by hand', () => {
    // Images at 0°, 30°, 60°, 90°, 180°; targets the images at 90° and 180° (rows 3, 4).
    // A caption at 10° sees 0°, 30°, 60°, 90° … → best target 4th. At 80°: 90° is first.
    // The 80° caption is 3× longer: cosine scoring ignores the length.
    const images = circle([0, 30, 60, 90, 180]);
    const captions = circle([10, 80], 3);
    const result = targetRetrieval(captions, images, [3, 4]);
    expect(Array.from(result.ranks)).toEqual([4, 1]);
    expect(result.hitAtK).toEqual({ 1: 0.5, 5: 1, 10: 1 });
    expect(result.minRank).toEqual({ count: 2, mean: 2.5, median: 2.5, min: 1, max: 4 });
  });

  it('image→text with a target set per query', () => {
    // Captions at 5°, 40°, 85°, 100°, 170°. Image 0° (targets {4}): 170° is 5th.
    // Image 90° (targets {0, 4}): order 85°, 100°, 40°, 170°, 5° → best target (170°) 4th.
    const images = circle([0, 90]);
    const captions = circle([5, 40, 85, 100, 170]);
    const targets = [[4], [0, 4]];
    const result = targetRetrieval(images, captions, (image) => targets[image]!, { ks: [4, 5] });
    expect(Array.from(result.ranks)).toEqual([5, 4]);
    expect(result.hitAtK).toEqual({ 4: 0.5, 5: 1 });
  });

  it('backdoor Hit@K: a hit when a target-class caption is in the top K', () => {
    // Captions at 0°, 45°, 90°, 135°, 180°; target-class captions 90° and 135°. Triggered images at
    // 100° (90° first → 1), 10° (0°, 45°, then 90° → 3), 200° (180°, then 135° → 2).
    const captions = circle([0, 45, 90, 135, 180]);
    const triggered = circle([100, 10, 200]);
    const result = backdoorHitAtK(triggered, captions, [2, 3], { ks: [1, 2, 5] });
    expect(Array.from(result.ranks)).toEqual([1, 3, 2]);
    expect(result.hitAtK[1]).toBeCloseTo(1 / 3, 12);
    expect(result.hitAtK[2]).toBeCloseTo(2 / 3, 12);
    expect(result.hitAtK[5]).toBe(1);
    expect(() => backdoorHitAtK(triggered, captions, [])).toThrow(/targetCaptions is empty/);
  });

  it('random-query baseline: seeded draws from the pool, evaluated the same way', () => {
    // Target image at 0°; pool captions at 0°, 50°, 100°, 150°, 200°, 250° against images at
    // 0°, 60°, 120°, 180°, 240°: the rank of the 0° image for each pool caption, by hand.
    const images = circle([0, 60, 120, 180, 240]);
    const pool = circle([0, 50, 100, 150, 200, 250]);
    const expectedRank = [1, 2, 4, 5, 5, 3];
    const before = tf.memory().numTensors;
    const result = randomQueryBaseline(pool, 3, images, [0], 42);
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(result.queryIndices).size).toBe(3);
    expect(Array.from(result.ranks)).toEqual(Array.from(result.queryIndices, (row) => expectedRank[row]!));
    expect(Array.from(randomQueryBaseline(pool, 3, images, [0], 42).queryIndices)).toEqual(
      Array.from(result.queryIndices),
    );
    const everyRow = randomQueryBaseline(pool, 6, images, [0], 7);
    expect(everyRow.minRank.mean).toBeCloseTo(20 / 6, 12);
    expect(() => randomQueryBaseline(pool, 7, images, [0], 42)).toThrow(
      /count must be an integer in \[1, 6\]/,
    );
  });
});
