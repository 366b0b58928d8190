import { fileURLToPath } from 'node:url';
import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import { generateSyntheticDataset, openCoco } from '@mmpoison/datasets';
import { describe, expect, it } from 'vitest';
import { wordMatcher } from '../captions/caption-sources.js';
import { badNetPatch } from '../triggers/badnet-patch.js';
import { wanet } from '../triggers/wanet.js';
import { backdoorAttack } from './backdoor.js';
import { labelConsistentBackdoorAttack } from './label-consistent-backdoor.js';
import { multipleTargetLabelsAttack } from './multiple-target-labels.js';
import { singleTargetImageAttack } from './single-target-image.js';
import { singleTargetLabelAttack } from './single-target-label.js';
import { targetedImageAttack } from './targeted-image.js';

const COCO_ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/coco/', import.meta.url));

function idIndex(dataset: ImageCaptionDataset): Map<string, number> {
  return new Map(Array.from({ length: dataset.size }, (_, i) => [dataset.meta(i).id, i]));
}

async function everything(dataset: ImageCaptionDataset) {
  const items = await Promise.all(Array.from({ length: dataset.size }, (_, i) => dataset.load(i)));
  return items.map((item) => ({
    id: item.id,
    captions: item.captions,
    label: item.label,
    pixels: Array.from(item.image.data),
  }));
}

describe('attacks on the synthetic benchmark', () => {
  const benchmark = generateSyntheticDataset({
    seed: 1,
    imagesPerClass: 20,
    testImagesPerClass: 2,
    imageSize: 32,
  });
  const { train, test, classNames } = benchmark;
  const ids = idIndex(train);

  it('Attack II circle2square: counts, rate and pairing', async () => {
    const { dataset, manifest } = singleTargetLabelAttack(train, {
      source: 'circle',
      target: 'square',
      poisons: { rate: 0.02 },
    });
    // N = 240; 0.02 · 240 / 0.98 = 4.9 → 5 poisons; |D| = 245.
    expect(manifest.counts).toEqual({ clean: 240, cleanKept: 240, poisons: 5, total: 245 });
    expect(manifest.rate).toBeCloseTo(5 / 245, 12);
    for (const poison of manifest.poisons) {
      const captionRecord = ids.get(poison.captionsFrom!)!;
      const imageRecord = ids.get(poison.imageFrom)!;
      expect(classNames[train.meta(captionRecord).label!]).toBe('circle');
      expect(classNames[train.meta(imageRecord).label!]).toBe('square');
      const item = await dataset.load(poison.index);
      expect(item.captions).toEqual(train.meta(captionRecord).captions);
      expect(item.image.data).toEqual((await train.load(imageRecord)).image.data);
    }
  });

  it('Attack I and Attack III on the benchmark', () => {
    const one = singleTargetImageAttack(train, {
      source: 'star',
      target: 'heart',
      poisons: { count: 6 },
    }).manifest;
    expect(new Set(one.poisons.map((poison) => poison.imageFrom)).size).toBe(1);
    expect(classNames[train.meta(ids.get(one.goals[0]!.targetImage!)!).label!]).toBe('heart');
    const three = multipleTargetLabelsAttack(train, {
      goals: [
        { source: 'circle', target: 'square' },
        { source: 'ring', target: 'bolt' },
      ],
      poisons: { rate: 0.02 },
    }).manifest;
    // Per goal 0.02 · 240 / (1 − 0.04) = 5; |D| = 250.
    expect(three.goals.map((goal) => [goal.name, goal.poisonCount])).toEqual([
      ['circle2square', 5],
      ['ring2bolt', 5],
    ]);
    expect(three.counts.total).toBe(250);
    expect(() =>
      singleTargetLabelAttack(train, { source: 'circle', target: 'square', poisons: { count: 21 } }),
    ).toThrow(/'circle' has only 20 records \(100 captions\)/);
  });

  it('a backdoor built twice with one seed is identical, with another seed it differs', async () => {
    const build = (seed: number) =>
      backdoorAttack(train, {
        trigger: wanet({ seed, preset: 'semantic-shield' }),
        target: 'heart',
        poisons: { count: 4 },
        seed,
      });
    const a = build(42);
    const b = build(42);
    expect(b.manifest).toEqual(a.manifest);
    expect(await everything(b.dataset)).toEqual(await everything(a.dataset));
    const c = build(7);
    expect(c.manifest.poisons.map((poison) => poison.imageFrom)).not.toEqual(
      a.manifest.poisons.map((poison) => poison.imageFrom),
    );
    const index = a.manifest.poisons[0]!.index;
    expect((await c.dataset.load(index)).image.data).not.toEqual((await a.dataset.load(index)).image.data);
    // No chosen image is a heart, and the same trigger triggers test images for the success rate.
    for (const poison of a.manifest.poisons)
      expect(classNames[train.meta(ids.get(poison.imageFrom)!).label!]).not.toBe('heart');
    const trigger = wanet({ seed: 42, preset: 'semantic-shield' });
    const testItem = await test.load(0);
    expect(trigger.apply(testItem.image, { id: testItem.id }).data).not.toEqual(testItem.image.data);
  });

  it('targeted image attack on a test image and a label-consistent backdoor', async () => {
    const { dataset, manifest } = targetedImageAttack(train, {
      label: 'star',
      targetDataset: test,
      targetImage: test.meta(1).id,
      poisons: { count: 10 },
    });
    expect(manifest.counts.total).toBe(250);
    expect(manifest.poisons.every((poison) => wordMatcher('star').test(poison.captions[0]!))).toBe(true);
    expect((await dataset.load(245)).image.data).toEqual((await test.load(1)).image.data);
    const consistent = labelConsistentBackdoorAttack(train, {
      trigger: badNetPatch(),
      target: 'triangle',
      poisons: { rate: 0.02 },
    }).manifest;
    // replace mode: round(0.02 · 240) = 5 records whose captions say "triangle".
    expect(consistent.counts).toEqual({ clean: 240, cleanKept: 235, poisons: 5, total: 240 });
    for (const poison of consistent.poisons)
      expect(poison.captions.some((caption) => wordMatcher('triangle').test(caption))).toBe(true);
  });
});

describe('attacks on the COCO fixture (real on-disk format)', () => {
  const open = () =>
    openCoco({
      root: COCO_ROOT,
      captionsFile: 'annotations/captions_mini.json',
      instancesFile: 'annotations/instances_mini.json',
      imagesDir: 'mini',
      imageSize: 8,
    });

  it('boat2dog, the paper COCO goal: captions of a boat record on a dog image', async () => {
    const coco = await open();
    // With the default label seed 42, image 2 (three boats and a dog) is drawn 'boat', image 1 is 'dog'.
    expect([coco.meta(0).label, coco.meta(1).label].map((label) => coco.classNames![label!])).toEqual([
      'dog',
      'boat',
    ]);
    const { dataset, manifest } = singleTargetLabelAttack(coco, {
      source: 'boat',
      target: 'dog',
      poisons: { count: 1 },
    });
    expect(manifest.counts).toEqual({ clean: 5, cleanKept: 5, poisons: 1, total: 6 });
    expect(manifest.goals[0]!.name).toBe('boat2dog');
    const poison = manifest.poisons[0]!;
    expect([poison.captionsFrom, poison.imageFrom]).toEqual(['2', '1']);
    expect(poison.captions).toEqual(coco.meta(1).captions);
    const item = await dataset.load(5);
    const imageIndex = idIndex(coco).get(poison.imageFrom)!;
    expect(item.image.data).toEqual((await coco.load(imageIndex)).image.data);
    // The untouched image is still the original JPEG on disk.
    expect(item.source).toBe(coco.meta(imageIndex).source);
    expect(() =>
      singleTargetLabelAttack(coco, { source: 'boat', target: 'dog', poisons: { count: 2 } }),
    ).toThrow(/needs 2 poisons.*'boat' has only 1 records \(3 captions\)/);
    expect(() =>
      singleTargetLabelAttack(coco, { source: 'dog', target: 'zebra', poisons: { count: 1 } }),
    ).toThrow(/target class 'zebra' does not exist; classes: person, boat, dog, toaster/);
  });

  it('label-consistent backdoor on the captions naming a dog, and a BadNet backdoor', async () => {
    const coco = await open();
    const { dataset, manifest } = labelConsistentBackdoorAttack(coco, {
      trigger: badNetPatch({ seed: 1 }),
      target: 'dog',
      poisons: { count: 2 },
    });
    expect(manifest.poisons.map((poison) => poison.imageFrom).sort()).toEqual(['1', '2']);
    for (const poison of manifest.poisons) {
      const item = await dataset.load(poison.index);
      const original = await coco.load(poison.index);
      expect(item.captions).toEqual(original.captions);
      // An 8×8 image gets a 2×2 patch: exactly 4 pixels change at most.
      let changedPixels = 0;
      for (let p = 0; p < 64; p++) {
        if ([0, 1, 2].some((c) => item.image.data[p * 3 + c] !== original.image.data[p * 3 + c]))
          changedPixels++;
      }
      expect(changedPixels).toBeGreaterThan(0);
      expect(changedPixels).toBeLessThanOrEqual(4);
    }
    const backdoor = backdoorAttack(coco, {
      trigger: badNetPatch(),
      target: 'toaster',
      poisons: { count: 2 },
    }).manifest;
    // Image 7 shows a toaster: never chosen.
    expect(backdoor.poisons.every((poison) => poison.imageFrom !== '7')).toBe(true);
    expect(backdoor.poisons.every((poison) => poison.captions[0] === 'a photo of a toaster.')).toBe(true);
  });
});
