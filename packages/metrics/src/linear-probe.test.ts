import { embeddingMatrix, SeededRandom } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useWasmBackend } from './__fixtures__/circle.js';
import { LinearProbe } from './linear-probe.js';
import { linearProbeAccuracy } from './linear-probe-accuracy.js';
import { trainTestSplit } from './train-test-split.js';

useWasmBackend();

describe('trainTestSplit', () => {
  it('splits every class in proportion, disjointly, the same for the same seed', () => {
    const labels = [...Array(10).fill(0), ...Array(20).fill(1)];
    const split = trainTestSplit(30, { testFraction: 0.3, seed: 5, stratifyBy: labels });
    expect(split.test.length).toBe(9);
    expect(Array.from(split.test).filter((row) => labels[row] === 0).length).toBe(3);
    expect(new Set([...split.train, ...split.test]).size).toBe(30);
    expect(trainTestSplit(30, { testFraction: 0.3, seed: 5, stratifyBy: labels })).toEqual(split);
    expect(trainTestSplit(30, { testFraction: 0.3, seed: 6, stratifyBy: labels })).not.toEqual(split);
    expect(() => trainTestSplit(30, { testFraction: 1, seed: 5 })).toThrow(/strictly between 0 and 1/);
  });
});

describe('linear probe', () => {
  it('separates linearly separable clusters perfectly, and leaks no tensor', () => {
    // Three classes around (±6 on different axes) with noise of std 0.5: separable by a wide margin.
    const random = SeededRandom.fromSeed(1);
    const perClass = 40;
    const centres = [
      [6, 0, 0, 0],
      [0, 6, 0, 0],
      [0, 0, -6, 0],
    ];
    const data = new Float32Array(3 * perClass * 4);
    const labels: number[] = [];
    for (let row = 0; row < 3 * perClass; row++) {
      const label = row % 3;
      labels.push(label);
      for (let j = 0; j < 4; j++) data[row * 4 + j] = centres[label]![j]! + random.normal(0, 0.5);
    }
    const before = tf.memory().numTensors;
    const result = linearProbeAccuracy(embeddingMatrix(data, labels.length, 4), labels, {
      epochs: 60,
      seed: 3,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.accuracy).toBe(1);
    expect(result.trainAccuracy).toBe(1);
    expect([result.trainCount, result.testCount]).toEqual([96, 24]);
  });

  it('is at chance on noise with shuffled labels', () => {
    const random = SeededRandom.fromSeed(2);
    const rows = 400;
    const features = embeddingMatrix(random.normalArray(rows * 8), rows, 8);
    const labels = random.shuffle(Array.from({ length: rows }, (_, i) => i % 2));
    const result = linearProbeAccuracy(features, labels, { epochs: 30, batchSize: 64, seed: 4 });
    expect(result.accuracy).toBeGreaterThan(0.35);
    expect(result.accuracy).toBeLessThan(0.65);
  });

  it('predicts with a trained probe and rejects a width mismatch', () => {
    const features = embeddingMatrix(new Float32Array([-2, 0, -1, 0, 1, 0, 2, 0]), 4, 2);
    const probe = LinearProbe.train(features, [0, 0, 1, 1], { epochs: 100, learningRate: 0.1 });
    try {
      expect(Array.from(probe.predict(features))).toEqual([0, 0, 1, 1]);
      expect(probe.accuracy(features, [0, 0, 1, 1])).toBe(1);
      expect(() => probe.predict(embeddingMatrix(new Float32Array(3), 1, 3))).toThrow(
        /dim 3, the probe was trained on 2/,
      );
    } finally {
      probe.dispose();
    }
    expect(() => LinearProbe.train(features, [0, 0, 1, 2], { classCount: 2 })).toThrow(/labels\[3\] is 2/);
  });
});
