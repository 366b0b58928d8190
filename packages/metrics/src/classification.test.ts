import { embeddingMatrix } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { circle, useWasmBackend } from './__fixtures__/circle.js';
import { attackSuccessRate } from './attack-success-rate.js';
import { classEmbeddingsFromTemplates } from './class-embeddings.js';
import { poisonSuccessRate } from './poison-success-rate.js';
import { zeroShotAccuracy } from './zero-shot-accuracy.js';

useWasmBackend();

describe('zero-shot accuracy', () => {
  it('counts the true class within the top K (worked by hand)', () => {
    // Classes at 0°, 120°, 240°. Images: 10° (class 0: first), 100° (class 0: 120° first, 0° second),
    // 200° (class 1: 240° first, 120° second), 290° (class 2: 240° first).
    const classes = circle([0, 120, 240]);
    const images = circle([10, 100, 200, 290]);
    expect(zeroShotAccuracy(images, classes, [0, 0, 1, 2], { ks: [1, 2, 5] })).toEqual({
      1: 0.5,
      2: 1,
      5: 1,
    });
    expect(() => zeroShotAccuracy(images, classes, [0, 0, 1, 3])).toThrow(
      /labels\[3\] is 3, expected a class index/,
    );
  });

  it('builds class embeddings from normalised prompt-template embeddings', () => {
    // Class 0: templates (2, 0) and (0, 1) → normalised (1, 0), (0, 1) → mean (½, ½) → (1/√2, 1/√2).
    // (Averaging before normalising would give a different direction, (1, ½)/|…|.)
    const templates = embeddingMatrix(new Float32Array([2, 0, 0, -3, 0, 1]), 3, 2);
    const classes = classEmbeddingsFromTemplates(templates, [0, 1, 0], 2);
    const values = Array.from(classes.data);
    [Math.SQRT1_2, Math.SQRT1_2, 0, -1].forEach((expected, i) => {
      expect(values[i]).toBeCloseTo(expected, 6);
    });
    expect(() => classEmbeddingsFromTemplates(templates, [0, 0, 0], 2)).toThrow(/class 1 has no template/);
  });
});

describe('attack success rate', () => {
  it('excludes target-class images and counts the target within the top K (worked by hand)', () => {
    // Classes at 0°, 90° (the target, 1), 180°. Triggered images (true class):
    // 80° (0): 90° first → success. 150° (2): 180°, then 90° → success at 2.
    // 90° (1): excluded. 20° (0): 0°, then 90° → success at 2. 250° (2): 180°, 0°, then 90° → at 3.
    const classes = circle([0, 90, 180]);
    const triggered = circle([80, 150, 90, 20, 250]);
    const before = tf.memory().numTensors;
    const result = attackSuccessRate(triggered, classes, [0, 2, 1, 0, 2], 1, { ks: [1, 2, 3] });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toEqual({ rate: { 1: 0.25, 2: 0.75, 3: 1 }, evaluated: 4, excluded: 1 });
  });

  it('rejects a bad target class and a set with only target-class images', () => {
    const classes = circle([0, 90]);
    expect(() => attackSuccessRate(circle([10]), classes, [0], 2)).toThrow(/targetClass is 2/);
    expect(() => attackSuccessRate(circle([10]), classes, [1], 1)).toThrow(
      /every triggered image is of the target/,
    );
  });
});

describe('poison success rate', () => {
  it('counts target images classified as their adversarial label (worked by hand)', () => {
    // Classes at 0°, 90°, 180°. Image at 80° attacked towards 1: first → success.
    // Image at 20° attacked towards 2: order 0°, 90°, 180° → only at 3.
    const classes = circle([0, 90, 180]);
    const result = poisonSuccessRate(circle([80, 20]), classes, [1, 2], { ks: [1, 2, 3] });
    expect(result).toEqual({ 1: 0.5, 2: 0.5, 3: 1 });
  });
});
