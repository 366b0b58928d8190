/**
 * Attack II of "Data Poisoning Attacks Against Multimodal Encoders" (single target label, A2B) on the
 * synthetic benchmark, composed from the mmpoison packages: captions of stars are paired with images
 * of hearts, and a small pre-trained CLIP is fine-tuned once on the clean training set and once on
 * the poisoned one, from the same weights with the same seed. Then test captions of stars query the
 * test images: after poisoning they retrieve hearts.
 *
 *   npm start   (from this folder)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { singleTargetLabelAttack } from '@mmpoison/attacks';
import {
  type ClipModel,
  embedDataset,
  loadClipCheckpoint,
  loadTokenizer,
  trainContrastive,
} from '@mmpoison/clip-model';
import {
  consoleProgressReporter,
  type ImageCaptionDataset,
  initBackend,
  selectRows,
} from '@mmpoison/core-tensor';
import { generateSyntheticDataset } from '@mmpoison/datasets';
import { randomQueryBaseline, recallAtK, targetRetrieval } from '@mmpoison/metrics';

const checkpointFolder = fileURLToPath(
  new URL('../../../test-fixtures/data/demo-checkpoint/', import.meta.url),
);
const seed = 42;
const source = 'star';
const target = 'heart';
const ks = [1, 5, 10];
const progress = consoleProgressReporter();

await initBackend({ log: (line) => console.log(line) });

// 1. Data: the synthetic benchmark (12 shape classes, five captions per image), train and test.
const benchmark = generateSyntheticDataset({
  seed,
  imagesPerClass: 60,
  testImagesPerClass: 20,
  imageSize: 32,
  difficulty: 'easy',
});

// 2. The attack: 60 training records' worth of star captions paired with heart images, added.
// Poisons replace the star records they are built from, as the mm_poison code does (φ = 55/720).
const poisoning = singleTargetLabelAttack(benchmark.train, {
  source,
  target,
  poisons: { count: 55 },
  mode: 'replace',
  seed,
});
console.log(
  `Attack II ${poisoning.manifest.goals[0]!.name}: ${poisoning.manifest.counts.poisons} poisons, ` +
    `rate ${poisoning.manifest.rate.toFixed(3)} of ${poisoning.manifest.counts.total} records`,
);

// 3. Fine-tune the pre-trained CLIP on each training set, from the same weights and seed.
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

// 4. Evaluate: test captions of the source class query the test images; targets are the target
//    class's images. Hit@K, MinRank, the random-query baseline and Recall@K utility.
const classOf = (name: string) => benchmark.classNames.indexOf(name);

async function evaluate(model: ClipModel) {
  const embeddings = await embedDataset(model, benchmark.test, { batchSize: 128, progress });
  const images = embeddings.images!;
  const captions = embeddings.captions!;
  const owner = embeddings.captionImageIndex!;
  const labels = Array.from({ length: benchmark.test.size }, (_, i) => benchmark.test.meta(i).label!);
  const targets = labels.flatMap((label, image) => (label === classOf(target) ? [image] : []));
  const queryRows: number[] = [];
  const otherRows: number[] = [];
  owner.forEach((image, row) => {
    (labels[image] === classOf(source) ? queryRows : otherRows).push(row);
  });
  const attack = targetRetrieval(selectRows(captions, Int32Array.from(queryRows)), images, targets, { ks });
  const baseline = randomQueryBaseline(
    selectRows(captions, Int32Array.from(otherRows)),
    queryRows.length,
    images,
    targets,
    seed,
    { ks },
  );
  const utility = recallAtK(images, captions, owner, { ks });
  return { attack, baseline, utility };
}

const results: Record<string, Awaited<ReturnType<typeof evaluate>>> = {};
for (const [name, dataset] of [
  ['clean', benchmark.train],
  ['poisoned', poisoning.dataset],
] as const) {
  console.log(`Fine-tuning the ${name} model on ${dataset.size} records`);
  const model = await fineTune(dataset, name);
  results[name] = await evaluate(model);
  model.dispose();
}

const row = (label: string, pick: (r: Awaited<ReturnType<typeof evaluate>>) => number) =>
  `${label.padEnd(34)} ${pick(results['clean']!).toFixed(3).padStart(8)} ${pick(results['poisoned']!).toFixed(3).padStart(9)}`;
console.log(`\n${'metric'.padEnd(34)} ${'clean'.padStart(8)} ${'poisoned'.padStart(9)}`);
for (const k of ks) console.log(row(`${source}2${target} Hit@${k}`, (r) => r.attack.hitAtK[k]!));
console.log(row(`${source}2${target} MinRank mean`, (r) => r.attack.minRank.mean));
console.log(row('random-query baseline Hit@10', (r) => r.baseline.hitAtK[10]!));
console.log(row('random-query baseline MinRank mean', (r) => r.baseline.minRank.mean));
console.log(row('Recall@10 text→image', (r) => r.utility.textToImage.recall[10]!));
console.log(row('Recall@10 image→text', (r) => r.utility.imageToText.recall[10]!));
