/**
 * Pre-trains the small CLIP the demo fine-tunes (test-fixtures/data/demo-checkpoint/): a byte-level
 * BPE tokenizer learnt on the captions and a ViT CLIP trained from scratch with the CLIP loss on a
 * synthetic benchmark drawn with its own seed (not the demo study's), as seed paper 1 fine-tunes a CLIP
 * pre-trained on other data. Besides its five natural captions, every pre-training image also has
 * the class prompt "a photo of a {class}." among its captions (drawn half the time): the natural captions can be matched
 * by colour and background alone, and a small model trained briefly on them alone never learns the
 * shapes (zero-shot accuracy stays at chance), which the class prompt forces it to. Writes `model.safetensors` (OpenAI names, config in the metadata),
 * `tokenizer/` and `pretraining.json` (settings, losses, time).
 *
 * Training takes a while on the CPU, so an existing checkpoint is kept unless `--force` is given.
 * Set MMPOISON_DEMO_PRETRAIN_EPOCHS to change the number of epochs.
 *
 *   node --import tsx --conditions=@mmpoison/source test-fixtures/scripts/demo-checkpoint.ts [--force]
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildBpeTokenizerFromCorpus,
  createClipModel,
  saveClipCheckpoint,
  saveTokenizer,
  trainContrastive,
} from '@mmpoison/clip-model';
import {
  consoleProgressReporter,
  type ImageCaptionDataset,
  type ImageCaptionMeta,
  initBackend,
  SeededRandom,
} from '@mmpoison/core-tensor';
import { generateSyntheticDataset } from '@mmpoison/datasets';

const output = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'demo-checkpoint');
const checkpointPath = join(output, 'model.safetensors');

/** The pre-training settings; the demo study reads the shape back from the checkpoint. */
export const demoPretraining = {
  /** A different draw of the benchmark than the demo study's (which uses the study seed 42). */
  dataSeed: 1001,
  /** One to three large objects of the class, no distractors or clutter: shapes a small model can learn. */
  difficulty: 'easy',
  imagesPerClass: 200,
  /** Copies of the class prompt among each image's captions (five natural ones): drawn half the time. */
  promptCopies: 5,
  imageSize: 32,
  vocabSize: 700,
  contextLength: 24,
  model: {
    vision: { imageSize: 32, patchSize: 8, width: 64, layers: 2, heads: 2 },
    text: { contextLength: 24, vocabSize: 700, width: 64, layers: 2, heads: 2 },
    embedDim: 64,
    activation: 'quick-gelu',
  },
  initSeed: 3,
  trainingSeed: 5,
  batchSize: 64,
  epochs: Number(process.env['MMPOISON_DEMO_PRETRAIN_EPOCHS'] ?? 60),
  learningRate: 1e-3,
  minLearningRate: 1e-5,
  warmupSteps: 50,
  weightDecay: 0.05,
} as const;

if (existsSync(checkpointPath) && !process.argv.includes('--force')) {
  console.log(`demo-checkpoint: ${checkpointPath} exists; pass --force to train it again`);
  process.exit(0);
}

const settings = demoPretraining;
await initBackend({ backend: 'wasm', log: (line) => console.log(line) });
const benchmark = generateSyntheticDataset({
  seed: settings.dataSeed,
  imagesPerClass: settings.imagesPerClass,
  testImagesPerClass: 0,
  imageSize: settings.imageSize,
  difficulty: settings.difficulty,
});
/**
 * The pre-training set: each record's captions plus its class prompt, repeated so that the training
 * loop (which draws one caption per image per step) picks the prompt half of the time.
 */
const promptCopies = settings.promptCopies;
const withPrompt = (meta: ImageCaptionMeta): ImageCaptionMeta => ({
  ...meta,
  captions: [
    ...meta.captions,
    ...Array<string>(promptCopies).fill(`a photo of a ${benchmark.classNames[meta.label!]}.`),
  ],
});
const pretrainingSet: ImageCaptionDataset = {
  size: benchmark.train.size,
  classNames: benchmark.classNames,
  meta: (index) => withPrompt(benchmark.train.meta(index)),
  load: async (index, options) => {
    const item = await benchmark.train.load(index, options);
    return { ...item, ...withPrompt(item) };
  },
};
const captions: string[] = [];
for (let index = 0; index < pretrainingSet.size; index++) {
  captions.push(...pretrainingSet.meta(index).captions);
}
const tokenizer = buildBpeTokenizerFromCorpus(captions, {
  vocabSize: settings.vocabSize,
  contextLength: settings.contextLength,
});
const model = createClipModel(
  { ...settings.model, text: { ...settings.model.text, vocabSize: tokenizer.vocabSize } },
  { tokenizer, random: SeededRandom.fromSeed(settings.initSeed) },
);
await mkdir(output, { recursive: true });
await saveTokenizer(tokenizer, join(output, 'tokenizer'));

const stepsPerEpoch = Math.ceil(benchmark.train.size / settings.batchSize);
const started = performance.now();
const save = async (epochs: number, losses: readonly number[]) => {
  await saveClipCheckpoint(model, checkpointPath, {
    metadata: { 'demo.pretraining.epochs': String(epochs) },
  });
  await writeFile(
    join(output, 'pretraining.json'),
    `${JSON.stringify({ ...settings, epochsDone: epochs, epochMeanLosses: losses, seconds: (performance.now() - started) / 1000 }, null, 2)}\n`,
  );
};
const losses: number[] = [];
const result = await trainContrastive({
  model,
  dataset: pretrainingSet,
  batchSize: settings.batchSize,
  epochs: settings.epochs,
  // The step budget bounds the run whatever the loop does at epoch ends.
  maxSteps: stepsPerEpoch * settings.epochs,
  seed: settings.trainingSeed,
  learningRate: settings.learningRate,
  minLearningRate: settings.minLearningRate,
  warmupSteps: settings.warmupSteps,
  adamW: { weightDecay: settings.weightDecay },
  progress: consoleProgressReporter(),
  hooks: [
    {
      async onEpochEnd(epoch, context) {
        losses.push(context.meanLoss);
        // Saved every few epochs, so a long run can be stopped and still leave a checkpoint.
        if ((epoch + 1) % 5 === 0) await save(epoch + 1, losses);
      },
    },
  ],
});
await save(result.epochsCompleted, result.epochMeanLosses);
console.log(
  `demo-checkpoint: ${result.steps} steps in ${result.seconds.toFixed(0)} s, final loss ${result.finalLoss.toFixed(3)}; wrote ${output}`,
);
model.dispose();
