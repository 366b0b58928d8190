import { initBackend, l2Normalize, type ProgressEvent } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOY_WORDS, ToySquaresDataset } from '../training/__fixtures__/toy-dataset.js';
import { ToyContrastiveModel } from '../training/__fixtures__/toy-model.js';
import { embedDataset } from './embed-dataset.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('embedDataset', () => {
  it('embeds images and captions in batches, normalised, matching the model row by row', async () => {
    const dataset = new ToySquaresDataset({ perClass: 2, imageSize: 4, seed: 3, classes: 5 });
    const model = new ToyContrastiveModel({ imageSize: 4, embedDim: 6, words: TOY_WORDS, seed: 1 });
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const result = await embedDataset(model, dataset, {
      batchSize: 3,
      progress: { report: (event) => events.push(event) },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.ids).toEqual(Array.from({ length: 10 }, (_, i) => `square-${i}`));
    expect(result.images).toMatchObject({ rows: 10, dim: 6 });
    expect(result.captions).toMatchObject({ rows: 20, dim: 6 });
    expect(Array.from(result.captionImageIndex!)).toEqual(
      Array.from({ length: 20 }, (_, i) => Math.floor(i / 2)),
    );
    expect(result.captionTexts![3]).toBe(dataset.meta(1).captions[1]);
    for (let row = 0; row < 10; row++) {
      const norm = Math.hypot(...result.images!.data.subarray(row * 6, row * 6 + 6));
      expect(norm).toBeCloseTo(1, 5);
    }
    // Row 7 equals the model's own normalised embedding of image 7, and caption row 5 of caption 5.
    const item = await dataset.load(7);
    const direct = tf.tidy(() =>
      l2Normalize(model.encodeImages(tf.tensor4d(item.image.data, [1, 4, 4, 3])).embeddings),
    );
    const expected = direct.dataSync();
    direct.dispose();
    expected.forEach((v, j) => {
      expect(result.images!.data[7 * 6 + j]).toBeCloseTo(v, 5);
    });
    const text = tf.tidy(() => l2Normalize(model.encodeTexts([result.captionTexts![5]!])));
    const expectedText = text.dataSync();
    text.dispose();
    expectedText.forEach((v, j) => {
      expect(result.captions!.data[5 * 6 + j]).toBeCloseTo(v, 5);
    });
    // Progress for both passes, ending at their totals.
    expect(events.filter((event) => event.task === 'embed images').at(-1)).toMatchObject({
      done: 10,
      total: 10,
    });
    expect(events.filter((event) => event.task === 'embed captions').at(-1)).toMatchObject({
      done: 20,
      total: 20,
    });
    model.dispose();
  });

  it('embeds only what is asked and resizes images to the model resolution', async () => {
    const dataset = new ToySquaresDataset({ perClass: 1, imageSize: 8, seed: 3, classes: 3 });
    const model = new ToyContrastiveModel({ imageSize: 4, embedDim: 5, words: TOY_WORDS, seed: 1 });
    const images = await embedDataset(model, dataset, { what: 'images' });
    expect(images.images?.rows).toBe(3);
    expect(images.captions).toBeUndefined();
    const captions = await embedDataset(model, dataset, { what: 'captions' });
    expect(captions.images).toBeUndefined();
    expect(dataset.loads).toBe(3);
    expect(captions.captions?.rows).toBe(6);
    model.dispose();
  });

  it('names the record that fails to load', async () => {
    const dataset = new ToySquaresDataset({ perClass: 1, imageSize: 4, seed: 3, classes: 2 });
    const broken = {
      size: dataset.size,
      classNames: dataset.classNames,
      meta: (index: number) => dataset.meta(index),
      load: (index: number) =>
        index === 1 ? Promise.reject(new Error('truncated JPEG')) : dataset.load(index),
    };
    const model = new ToyContrastiveModel({ imageSize: 4, embedDim: 5, words: TOY_WORDS, seed: 1 });
    await expect(embedDataset(model, broken, { what: 'images' })).rejects.toThrow(
      /record 1 \(id square-1\): truncated JPEG/,
    );
    model.dispose();
  });
});
