import { initBackend, SeededRandom } from '@mmpoison/core-tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIP_CONFIGS } from '../model/clip-config.js';
import { createClipModel } from '../model/clip-model.js';
import { toyRetrievalPrecision } from './__fixtures__/retrieval-accuracy.js';
import { ToySquaresDataset } from './__fixtures__/toy-dataset.js';
import { ToyWordTokenizer } from './__fixtures__/toy-word-tokenizer.js';
import { trainContrastive } from './train-contrastive.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('trainContrastive with a micro CLIP', () => {
  it('lowers the loss and raises retrieval on the toy squares', async () => {
    const tokenizer = new ToyWordTokenizer();
    const model = createClipModel(
      {
        ...CLIP_CONFIGS.micro,
        text: {
          ...CLIP_CONFIGS.micro.text,
          vocabSize: tokenizer.vocabSize,
          contextLength: tokenizer.contextLength,
        },
      },
      { tokenizer, random: SeededRandom.fromSeed(1), scope: 'micro_training_test' },
    );
    const dataset = new ToySquaresDataset({ perClass: 4, imageSize: 16, seed: 5 });
    const before = await toyRetrievalPrecision(model, dataset);
    const result = await trainContrastive({
      model,
      dataset,
      batchSize: 16,
      epochs: 60,
      seed: 42,
      learningRate: 2e-3,
      warmupSteps: 10,
      adamW: { weightDecay: 0.01 },
    });
    const after = await toyRetrievalPrecision(model, dataset);
    expect(result.steps).toBe(120);
    const first = result.epochMeanLosses[0]!;
    const last = result.epochMeanLosses.at(-1)!;
    expect(last).toBeLessThan(0.6 * first);
    expect(after).toBeGreaterThan(Math.max(0.6, before + 0.3));
    model.dispose();
  });
});
