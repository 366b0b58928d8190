import { initBackend } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ToyContrastiveModel } from '../training/__fixtures__/toy-model.js';
import { buildZeroShotClassifier } from './zero-shot-classifier.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('buildZeroShotClassifier', () => {
  it('averages normalised template embeddings per class and renormalises', () => {
    const model = new ToyContrastiveModel({
      imageSize: 2,
      embedDim: 4,
      words: ['red', 'blue', 'photo', 'art'],
      seed: 3,
    });
    const templates = ['a photo of a {}.', 'art of the {}.'];
    const before = tf.memory().numTensors;
    const classifier = buildZeroShotClassifier(model, ['red', 'blue'], templates);
    expect(tf.memory().numTensors).toBe(before);
    // Recompute class 0 by hand from the text tower.
    const embeddings = model.encodeTexts(['a photo of a red.', 'art of the red.']);
    const rows = embeddings.arraySync();
    embeddings.dispose();
    const unit = rows.map((row) => {
      const norm = Math.hypot(...row);
      return row.map((v) => v / norm);
    });
    const summed = unit[0]!.map((v, j) => v + unit[1]![j]!);
    const norm = Math.hypot(...summed);
    const actual = Array.from(classifier.classEmbeddings.data.subarray(0, 4));
    summed.forEach((v, j) => {
      expect(actual[j]).toBeCloseTo(v / norm, 5);
    });
    model.dispose();
  });

  it('classifies an image embedding to the class it points at, with top-k order', () => {
    const model = new ToyContrastiveModel({
      imageSize: 2,
      embedDim: 4,
      words: ['red', 'blue', 'green'],
      seed: 5,
    });
    const classifier = buildZeroShotClassifier(model, ['red', 'blue', 'green']);
    const dim = 4;
    // Image embeddings equal to (scaled) class embeddings must be classified as those classes.
    const images = new Float32Array(3 * dim);
    for (const [row, cls] of [
      [0, 2],
      [1, 0],
      [2, 1],
    ] as const) {
      for (let j = 0; j < dim; j++)
        images[row * dim + j] = 3 * classifier.classEmbeddings.data[cls * dim + j]!;
    }
    expect(Array.from(classifier.predict({ rows: 3, dim, data: images }))).toEqual([2, 0, 1]);
    const top = classifier.classify({ rows: 3, dim, data: images }, 3);
    expect(top.k).toBe(3);
    expect(top.scores[0]).toBeCloseTo(1, 5);
    expect(top.scores[0]!).toBeGreaterThanOrEqual(top.scores[1]!);
    model.dispose();
  });
});
