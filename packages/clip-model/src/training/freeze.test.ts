import { clipGradientsByGlobalNorm, initBackend } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipGradientsOnDevice } from './clip-gradients.js';
import { isOpenAiImageVariable, selectTrainableVariables } from './freeze.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('isOpenAiImageVariable', () => {
  it('knows the image tower by OpenAI and Hugging Face names, scoped or not', () => {
    for (const name of [
      'visual.proj',
      'clip_2/visual.conv1.weight',
      'vision_model.embeddings.patch_embedding.weight',
      'visual_projection.weight',
    ]) {
      expect({ name, image: isOpenAiImageVariable(name) }).toEqual({ name, image: true });
    }
    for (const name of [
      'token_embedding.weight',
      'text_projection',
      'logit_scale',
      'transformer.resblocks.0.ln_1.weight',
      'nonvisual.weight',
    ]) {
      expect({ name, image: isOpenAiImageVariable(name) }).toEqual({ name, image: false });
    }
  });
});

describe('selectTrainableVariables', () => {
  it('keeps logit_scale trainable unless both towers are frozen', () => {
    const image = tf.variable(tf.zeros([2]), true, 'freeze-test/visual.proj');
    const text = tf.variable(tf.zeros([2]), true, 'freeze-test/text_projection');
    const scale = tf.variable(tf.scalar(0), true, 'freeze-test/logit_scale');
    const names = (mode: 'none' | 'image' | 'text' | 'both') =>
      selectTrainableVariables([image, text, scale], scale, mode).trainable.map((v) => v.name.split('/')[1]);
    expect(names('none')).toEqual(['visual.proj', 'text_projection', 'logit_scale']);
    expect(names('image')).toEqual(['text_projection', 'logit_scale']);
    expect(names('text')).toEqual(['visual.proj', 'logit_scale']);
    expect(names('both')).toEqual([]);
    tf.dispose([image, text, scale]);
  });
});

describe('clipGradientsOnDevice', () => {
  it("agrees with the core's synchronous clipping and leaves small gradients alone", () => {
    const gradients = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) };
    const clipped = clipGradientsOnDevice(gradients, 1);
    const reference = clipGradientsByGlobalNorm(gradients, 1);
    expect(reference.globalNorm).toBeCloseTo(5, 5);
    expect(Array.from(clipped['a']!.dataSync())).toEqual(Array.from(reference.gradients['a']!.dataSync()));
    expect(clipped['b']!.dataSync()[1]).toBeCloseTo(0.8, 5);
    const untouched = clipGradientsOnDevice(gradients, 10);
    expect(Array.from(untouched['b']!.dataSync())).toEqual([0, 4]);
    tf.dispose([
      ...Object.values(gradients),
      ...Object.values(clipped),
      ...Object.values(reference.gradients),
      ...Object.values(untouched),
    ]);
  });
});
