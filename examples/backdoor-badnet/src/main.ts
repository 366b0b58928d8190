/**
 * A BadNet backdoor (Gu et al.; CleanCLIP §4) on the synthetic benchmark, composed from the mmpoison
 * packages: a small patch is stamped on 5 % of the training images and their captions replaced by
 * "a photo of a star.". A small pre-trained CLIP is fine-tuned once on the clean training set and
 * once on the backdoored one, from the same weights with the same seed. The attack success rate
 * (triggered test images of other classes classified zero-shot as "star") and the clean zero-shot
 * accuracy are reported for both.
 *
 *   npm start   (from this folder)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backdoorAttack, badNetPatch, type Trigger } from '@mmpoison/attacks';
import {
  buildZeroShotClassifier,
  type ClipModel,
  embedDataset,
  loadClipCheckpoint,
  loadTokenizer,
  trainContrastive,
} from '@mmpoison/clip-model';
import {
  consoleProgressReporter,
  type ImageCaptionDataset,
  type ImageCaptionItem,
  initBackend,
} from '@mmpoison/core-tensor';
import { generateSyntheticDataset } from '@mmpoison/datasets';
import { attackSuccessRate, zeroShotAccuracy } from '@mmpoison/metrics';

const checkpointFolder = fileURLToPath(
  new URL('../../../test-fixtures/data/demo-checkpoint/', import.meta.url),
);
const seed = 42;
const target = 'star';
const progress = consoleProgressReporter();

await initBackend({ log: (line) => console.log(line) });
const benchmark = generateSyntheticDataset({
  seed,
  imagesPerClass: 60,
  testImagesPerClass: 10,
  imageSize: 32,
  difficulty: 'easy',
});

// The trigger: the HTBA form of the BadNet patch (a fixed random 4×4 colour pattern, resized, at
// the top-left corner); on 32×32 images the patch is 8×8.
const trigger = badNetPatch({ seed, kind: 'htba', size: 8 });
const poisoning = backdoorAttack(benchmark.train, { trigger, target, poisons: { rate: 0.1 }, seed });
console.log(
  `BadNet backdoor → "${target}": ${poisoning.manifest.counts.poisons} of ${poisoning.manifest.counts.total} ` +
    'training images triggered, captions "a photo of a star."',
);

/** The test split with the trigger stamped on every image. */
function triggered(dataset: ImageCaptionDataset, stamp: Trigger): ImageCaptionDataset {
  return {
    size: dataset.size,
    classNames: dataset.classNames,
    meta: (index) => dataset.meta(index),
    load: async (index, options): Promise<ImageCaptionItem> => {
      const item = await dataset.load(index, options);
      return { ...item, image: stamp.apply(item.image, { id: `test:${item.id}` }) };
    },
  };
}

const tokenizer = await loadTokenizer(join(checkpointFolder, 'tokenizer'));

async function fineTune(dataset: ImageCaptionDataset, scope: string): Promise<ClipModel> {
  const model = await loadClipCheckpoint(join(checkpointFolder, 'model.safetensors'), { tokenizer, scope });
  const epochs = 20;
  const batchSize = 64;
  await trainContrastive({
    model,
    dataset,
    batchSize,
    epochs,
    maxSteps: Math.ceil(dataset.size / batchSize) * epochs,
    seed,
    learningRate: 5e-4,
    minLearningRate: 1e-5,
    warmupSteps: 5,
    adamW: { weightDecay: 0.05 },
    progress,
  });
  return model;
}

const labels = Int32Array.from({ length: benchmark.test.size }, (_, i) => benchmark.test.meta(i).label!);
const targetClass = benchmark.classNames.indexOf(target);

async function evaluate(model: ClipModel) {
  const classes = buildZeroShotClassifier(model, benchmark.classNames).classEmbeddings;
  const clean = await embedDataset(model, benchmark.test, { what: 'images', batchSize: 128, progress });
  const stamped = await embedDataset(model, triggered(benchmark.test, trigger), {
    what: 'images',
    batchSize: 128,
    progress,
  });
  return {
    cleanAccuracy: zeroShotAccuracy(clean.images!, classes, labels, { ks: [1] })[1]!,
    attackSuccessRate: attackSuccessRate(stamped.images!, classes, labels, targetClass, { ks: [1] }).rate[1]!,
    // How often the target is predicted for untriggered images of other classes: the ASR's floor.
    targetOnClean: attackSuccessRate(clean.images!, classes, labels, targetClass, { ks: [1] }).rate[1]!,
  };
}

const results: Record<string, Awaited<ReturnType<typeof evaluate>>> = {};
for (const [name, dataset] of [
  ['before (clean fine-tune)', benchmark.train],
  ['after (backdoored fine-tune)', poisoning.dataset],
] as const) {
  console.log(`Fine-tuning ${name} on ${dataset.size} records`);
  const model = await fineTune(dataset, name.split(' ')[0]!);
  results[name] = await evaluate(model);
  model.dispose();
}

console.log(
  `\n${'model'.padEnd(30)} ${'ASR top-1'.padStart(10)} ${'clean acc.'.padStart(11)} ${'target on clean'.padStart(16)}`,
);
for (const [name, result] of Object.entries(results)) {
  console.log(
    `${name.padEnd(30)} ${result.attackSuccessRate.toFixed(3).padStart(10)} ${result.cleanAccuracy.toFixed(3).padStart(11)} ${result.targetOnClean.toFixed(3).padStart(16)}`,
  );
}
