import { SeededRandom } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharacterTokenizer } from './__fixtures__/character-tokenizer.js';
import { gelu, quickGelu } from './activation.js';
import { type ClipConfig, resolveClipConfig } from './clip-config.js';
import { INITIAL_LOGIT_SCALE } from './clip-initialization.js';
import { createClipModel } from './clip-model.js';
import { clipParameterSpecs, toModelLayout } from './clip-parameters.js';
import { layerNorm } from './layer-norm.js';
import { patchify } from './vision-tower.js';

const config: ClipConfig = resolveClipConfig('micro', { text: { vocabSize: 40, contextLength: 12 } });
const tokenizer = new CharacterTokenizer(40, 12);

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

function pixels(batch: number, seed: number): tf.Tensor4D {
  const size = config.vision.imageSize;
  const values = SeededRandom.fromSeed(seed).uniformArray(batch * size * size * 3);
  return tf.tensor4d(values, [batch, size, size, 3]);
}

/** Plain CLIP loss (methods.md): mean of the image→text and text→image cross-entropies. */
function clipLoss(image: tf.Tensor2D, text: tf.Tensor2D, logitScale: tf.Tensor): tf.Scalar {
  const normalise = (x: tf.Tensor2D) => tf.div(x, tf.norm(x, 'euclidean', 1, true));
  const logits = tf.mul(tf.exp(logitScale), tf.matMul(normalise(image), normalise(text), false, true));
  const labels = tf.oneHot(tf.range(0, image.shape[0], 1, 'int32'), image.shape[0]);
  return tf.div(
    tf.add(
      tf.losses.softmaxCrossEntropy(labels, logits),
      tf.losses.softmaxCrossEntropy(labels, tf.transpose(logits)),
    ),
    2,
  ) as tf.Scalar;
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('building blocks', () => {
  it('layerNorm matches hand-computed values', () => {
    const out = layerNorm(tf.tensor2d([[1, 2, 3, 4]]), tf.tensor1d([1, 2, 1, 1]), tf.tensor1d([0, 0, 0, 1]));
    const scale = 1 / Math.sqrt(1.25 + 1e-5);
    const expected = [-1.5 * scale, -0.5 * scale * 2, 0.5 * scale, 1.5 * scale + 1];
    expect([...out.dataSync()].map((value, index) => Math.abs(value - expected[index]!))).toSatisfy(
      (diffs: number[]) => diffs.every((diff) => diff < 1e-5),
    );
  });

  it('QuickGELU and GELU give their textbook values', () => {
    expect(quickGelu(tf.scalar(1)).dataSync()[0]).toBeCloseTo(1 / (1 + Math.exp(-1.702)), 6);
    expect(gelu(tf.scalar(1)).dataSync()[0]).toBeCloseTo(0.8413447, 6);
    expect(gelu(tf.scalar(-2)).dataSync()[0]).toBeCloseTo(-0.0455003, 6);
  });

  it('patchify + matMul equals the strided patch convolution with the OpenAI weight layout', () => {
    const patch = 4;
    const width = 5;
    const random = SeededRandom.fromSeed('patch');
    const images = tf.tensor4d(random.normalArray(2 * 8 * 12 * 3), [2, 8, 12, 3]);
    const openAiWeight = random.normalArray(width * 3 * patch * patch);
    const spec = {
      name: 'visual.conv1.weight',
      shape: [width, 3, patch, patch],
      layout: 'patch',
      tower: 'image',
    } as const;
    const matrix = tf.tensor2d(toModelLayout(spec, openAiWeight), [patch * patch * 3, width]);
    const viaMatMul = tf.reshape(tf.matMul(patchify(images, patch), matrix), [2, 2, 3, width]);
    // conv2d wants [kh, kw, in, out]: the [out, in, kh, kw] PyTorch weight permuted by [2, 3, 1, 0].
    const filter = tf.transpose(
      tf.tensor4d(openAiWeight, [width, 3, patch, patch]),
      [2, 3, 1, 0],
    ) as tf.Tensor4D;
    const viaConv = tf.conv2d(images, filter, patch, 'valid');
    expect(maxAbsDifference(viaMatMul, viaConv)).toBeLessThan(1e-4);
  });
});

describe('ClipModel', () => {
  it('names its variables by the OpenAI state-dict names, initialises deterministically per seed', () => {
    const model = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(1) });
    const names = model.trainableVariables().map((variable) => variable.name);
    const specs = clipParameterSpecs(config);
    expect(names).toEqual(specs.map((spec) => spec.name));
    expect(names).toContain('visual.transformer.resblocks.1.attn.in_proj_weight');
    expect(names).toContain('transformer.resblocks.0.mlp.c_fc.weight');
    expect(new Set(names).size).toBe(names.length);
    expect(model.logitScale.dataSync()[0]).toBeCloseTo(INITIAL_LOGIT_SCALE, 6);
    expect(model.parameter('visual.transformer.resblocks.0.attn.in_proj_weight').shape).toEqual([32, 96]);
    expect(model.parameter('visual.conv1.weight').shape).toEqual([48, 32]);
    const tokenStd = tf.tidy(
      () => tf.moments(model.parameter('token_embedding.weight')).variance.sqrt().dataSync()[0]!,
    );
    expect(tokenStd).toBeGreaterThan(0.015);
    expect(tokenStd).toBeLessThan(0.025);
    expect(() => createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(1) })).toThrow(
      /already named logit_scale.*options\.scope/,
    );
    const same = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(1), scope: 'same' });
    const other = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(2), scope: 'other' });
    expect(same.parameter('visual.proj').name).toBe('same/visual.proj');
    const weight = 'transformer.resblocks.1.attn.out_proj.weight';
    expect(maxAbsDifference(model.parameter(weight), same.parameter(weight))).toBe(0);
    expect(maxAbsDifference(model.parameter(weight), other.parameter(weight))).toBeGreaterThan(0);
    for (const each of [model, same, other]) each.dispose();
  });

  it('encodes images with patch tokens and attention from one pass, leaking nothing', () => {
    const model = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(3) });
    const images = pixels(2, 7);
    const before = tf.memory().numTensors;
    const plain = model.encodeImages(images);
    const full = model.encodeImages(images, { patchTokens: true, attention: true });
    expect(plain.embeddings.shape).toEqual([2, 32]);
    expect(full.patchTokens?.shape).toEqual([2, 16, 32]);
    expect(full.attention).toHaveLength(2);
    expect(full.attention?.[0]?.shape).toEqual([2, 2, 17, 17]);
    expect(maxAbsDifference(plain.embeddings, full.embeddings)).toBeLessThan(1e-5);
    const rowSums = tf.tidy(() => tf.sum(full.attention![1]!, -1).dataSync());
    expect(Math.max(...[...rowSums].map((sum) => Math.abs(sum - 1)))).toBeLessThan(1e-5);
    tf.dispose([plain.embeddings, full.embeddings, full.patchTokens!, ...full.attention!]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.encodeImages(tf.zeros([1, 8, 8, 3]) as tf.Tensor4D)).toThrow(
      'expects NHWC RGB pixels [batch, 16, 16, 3], got [1, 8, 8, 3]',
    );
    model.dispose();
  });

  it('pools the text at end-of-text under a causal mask', () => {
    const model = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(4) });
    const before = tf.memory().numTensors;
    // Rows 0 and 1 differ only after end-of-text (39): the causal mask hides it from the pooled token.
    const embeddings = model.encodeTokens([
      [38, 1, 2, 3, 39, 0, 0, 0, 0, 0, 0, 0],
      [38, 1, 2, 3, 39, 5, 6, 7, 0, 0, 0, 0],
      [38, 1, 2, 4, 39, 0, 0, 0, 0, 0, 0, 0],
    ]);
    const [first, second, third] = tf.unstack(embeddings);
    expect(maxAbsDifference(first!, second!)).toBeLessThan(1e-5);
    expect(maxAbsDifference(first!, third!)).toBeGreaterThan(1e-3);
    // Shorter rows use the leading positional embeddings; only tokens up to end-of-text matter.
    const short = model.encodeTokens([[38, 1, 2, 3, 39]]);
    expect(tf.tidy(() => maxAbsDifference(short, first!.expandDims(0)))).toBeLessThan(1e-5);
    const fromTexts = model.encodeTexts(['abc', 'abd']);
    expect(
      tf.tidy(() => maxAbsDifference(tf.slice(fromTexts, [0, 0], [1, 32]), first!.expandDims(0))),
    ).toBeLessThan(1e-5);
    tf.dispose([embeddings, first!, second!, third!, short, fromTexts]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.encodeTokens([[38, 40, 39]])).toThrow('token id 40 (text 0) is outside');
    expect(() => model.encodeTokens([new Array(13).fill(1)])).toThrow("model's contextLength is 12");
    model.dispose();
  });

  it('rejects a tokenizer larger than the config', () => {
    expect(() =>
      createClipModel(config, {
        tokenizer: new CharacterTokenizer(41, 12),
        random: SeededRandom.fromSeed(1),
      }),
    ).toThrow("tokenizer has 41 ids but the config's text.vocabSize is 40");
    expect(() => createClipModel(config, { tokenizer })).toThrow('needs options.random');
    expect(() =>
      createClipModel(config, {
        tokenizer,
        random: SeededRandom.fromSeed(1),
        normalization: { mean: [0, 0, 0], std: [1, 0, 1] },
      }),
    ).toThrow('options.normalization.std must be positive, got [1, 0, 1]');
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`trains one step on the ${backend} backend, changing every variable without leaks`, async () => {
      await tf.setBackend(backend);
      const model = createClipModel(
        { ...config, activation: backend === 'cpu' ? 'gelu' : 'quick-gelu' },
        { tokenizer, random: SeededRandom.fromSeed(5) },
      );
      const images = pixels(3, 9);
      const variables = model.trainableVariables();
      const before = variables.map((variable) => variable.dataSync().slice());
      const tensorsBefore = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(() => {
        const image = model.encodeImages(images, { training: true }).embeddings;
        const text = model.encodeTexts(['a red cat', 'a blue dog', 'a green car'], { training: true });
        return clipLoss(image, text, model.logitScale);
      }, variables);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      tf.tidy(() => {
        for (const variable of variables)
          variable.assign(tf.sub(variable, tf.mul(grads[variable.name]!, 0.1)));
      });
      tf.dispose([value, grads]);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      variables.forEach((variable, index) => {
        const after = variable.dataSync();
        const changed = after.some((entry, position) => entry !== before[index]![position]);
        expect(changed, `${variable.name} changed on ${backend}`).toBe(true);
      });
      model.dispose();
      images.dispose();
      await tf.setBackend('wasm');
    });
  }
});
