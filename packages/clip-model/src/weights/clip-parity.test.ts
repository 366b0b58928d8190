import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CharacterTokenizer } from '../model/__fixtures__/character-tokenizer.js';
import type { ClipConfig } from '../model/index.js';
import { countParameters } from './count-parameters.js';
import { loadClipCheckpoint } from './load-clip-checkpoint.js';
import { readClipCheckpoint } from './read-clip-checkpoint.js';

/** Written by test-fixtures/scripts/clip-parity.py from a PyTorch CLIP in OpenAI's layout. */
const fixtures = new URL('../../../../test-fixtures/data/clip-parity/', import.meta.url);

interface ParityRecord {
  readonly config: ClipConfig;
  readonly pixelLevels: {
    readonly shape: [number, number, number, number];
    readonly values: number[];
    readonly scale: number;
  };
  readonly tokenIds: number[][];
  readonly imageEmbeddings: number[][];
  readonly textEmbeddings: number[][];
  readonly patchTokensImage0: number[][];
  readonly lastLayerAttentionImage0: number[][][];
}

let record: ParityRecord;

function maxAbsDifference(actual: tf.Tensor, expected: number[] | number[][] | number[][][]): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(actual, tf.tensor(expected)))).dataSync()[0]!);
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  record = JSON.parse(await readFile(new URL('embeddings.json', fixtures), 'utf8')) as ParityRecord;
});

describe('parity with the PyTorch reference (OpenAI CLIP layout)', () => {
  for (const [file, layout] of [
    ['openai.safetensors', 'openai'],
    ['huggingface.safetensors', 'huggingface'],
  ] as const) {
    it(`reproduces the recorded embeddings from ${layout} names to 1e-4`, async () => {
      const path = new URL(file, fixtures).pathname;
      const { vision, text } = record.config;
      const heads = { vision: vision.heads, text: text.heads };
      const checkpoint = await readClipCheckpoint(path, { heads });
      expect(checkpoint.layout).toBe(layout);
      expect(checkpoint.config).toEqual(record.config);

      const tokenizer = new CharacterTokenizer(text.vocabSize, text.contextLength);
      const model = await loadClipCheckpoint(path, { tokenizer, heads });
      expect(countParameters(model)).toBe(15585);
      const before = tf.memory().numTensors;
      const { shape, values, scale } = record.pixelLevels;
      const pixels = tf.tidy(() => tf.div(tf.tensor4d(values, shape, 'float32'), scale) as tf.Tensor4D);
      const images = model.encodeImages(pixels, { patchTokens: true, attention: true });
      const texts = model.encodeTokens(record.tokenIds);

      expect(maxAbsDifference(images.embeddings, record.imageEmbeddings)).toBeLessThan(1e-4);
      expect(maxAbsDifference(texts, record.textEmbeddings)).toBeLessThan(1e-4);
      const patchTokens = tf.tidy(() =>
        tf.squeeze(tf.slice(images.patchTokens!, [0, 0, 0], [1, -1, -1]), [0]),
      );
      expect(maxAbsDifference(patchTokens, record.patchTokensImage0)).toBeLessThan(1e-4);
      const lastAttention = images.attention![images.attention!.length - 1]!;
      const attention = tf.tidy(() =>
        tf.squeeze(tf.slice(lastAttention, [0, 0, 0, 0], [1, -1, -1, -1]), [0]),
      );
      expect(maxAbsDifference(attention, record.lastLayerAttentionImage0)).toBeLessThan(1e-4);

      tf.dispose([
        pixels,
        images.embeddings,
        images.patchTokens!,
        ...images.attention!,
        texts,
        patchTokens,
        attention,
      ]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }

  it('tells a wrong activation apart (the comparison has teeth)', async () => {
    const { vision, text } = record.config;
    const tokenizer = new CharacterTokenizer(text.vocabSize, text.contextLength);
    const path = new URL('openai.safetensors', fixtures).pathname;
    const heads = { vision: vision.heads, text: text.heads };
    const model = await loadClipCheckpoint(path, { tokenizer, heads, activation: 'gelu' });
    const texts = model.encodeTokens(record.tokenIds);
    expect(maxAbsDifference(texts, record.textEmbeddings)).toBeGreaterThan(1e-3);
    texts.dispose();
    model.dispose();
  });
});
