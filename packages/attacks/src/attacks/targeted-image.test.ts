import { CLIP_IMAGENET_TEMPLATES as imagenetTemplates } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { createFixtureDataset } from '../__fixtures__/labelled-dataset.js';
import { wordMatcher } from '../captions/caption-sources.js';
import { targetedImageAttack } from './targeted-image.js';

describe('targetedImageAttack', () => {
  it('adds |T_adv| copies of one target image, each with a training caption naming the label', async () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = targetedImageAttack(clean, {
      label: 'dog',
      targetImage: 'c0-3',
      poisons: { count: 20 },
    });
    expect(manifest.counts).toEqual({ clean: 50, cleanKept: 50, poisons: 20, total: 70 });
    expect(manifest.goals).toEqual([
      { name: 'dog', target: 'dog', targetImage: 'c0-3', poisonCount: 20, rate: 20 / 70 },
    ]);
    const captions = manifest.poisons.map((poison) => poison.captions[0]!);
    // 20 distinct captions out of the 30 dog captions, all naming the label.
    expect(new Set(captions).size).toBe(20);
    expect(captions.every((caption) => wordMatcher('dog').test(caption))).toBe(true);
    expect(
      manifest.poisons.every(
        (poison) => poison.imageFrom === 'c0-3' && poison.captionsFrom!.startsWith('c1-'),
      ),
    ).toBe(true);
    const target = (await clean.load(3)).image.data;
    const item = await dataset.load(manifest.poisons[7]!.index);
    expect(item.image.data).toEqual(target);
    expect(item.label).toBe(1);
  });

  it('fills the 80 CLIP templates, repeating them as needed', () => {
    expect(imagenetTemplates).toHaveLength(80);
    expect(new Set(imagenetTemplates).size).toBe(80);
    const clean = createFixtureDataset();
    const { manifest } = targetedImageAttack(clean, {
      label: 'toaster',
      captions: 'templates',
      poisons: { count: 100 },
    });
    const captions = manifest.poisons.map((poison) => poison.captions[0]!);
    expect(new Set(captions).size).toBe(80);
    expect(captions.every((caption) => caption.includes('toaster') && !caption.includes('{}'))).toBe(true);
    expect(manifest.poisons[0]!.captionSource).toBe('templates');
    // Not a class of the dataset: no label on the poisons.
    expect(manifest.poisons.every((poison) => poison.captionsFrom === undefined)).toBe(true);
  });

  it('adds a little Gaussian noise to each copy when asked, different per copy', async () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = targetedImageAttack(clean, {
      label: 'dog',
      targetImage: 'c0-3',
      poisons: { count: 3 },
      noiseStd: 0.01,
    });
    const target = (await clean.load(3)).image.data;
    const copies = await Promise.all(
      manifest.poisons.map(async (poison) => (await dataset.load(poison.index)).image.data),
    );
    for (const copy of copies) {
      const differences = Array.from(copy, (value, i) => value - target[i]!);
      const rms = Math.sqrt(differences.reduce((sum, d) => sum + d * d, 0) / differences.length);
      expect(rms).toBeGreaterThan(0.005);
      expect(rms).toBeLessThan(0.015);
    }
    expect(copies[0]).not.toEqual(copies[1]);
    // Reading a poison twice gives the same pixels.
    expect((await dataset.load(manifest.poisons[0]!.index)).image.data).toEqual(copies[0]);
    expect(manifest.poisons[0]!.noiseStd).toBe(0.01);
    expect(dataset.meta(manifest.poisons[0]!.index).source).toBeUndefined();
  });

  it('can take the target from another dataset (a test split)', async () => {
    const train = createFixtureDataset();
    const test = createFixtureDataset({ perClass: [2, 2, 2, 2, 2] });
    const { dataset, manifest } = targetedImageAttack(train, {
      label: 'dog',
      targetDataset: test,
      poisons: { count: 2 },
    });
    expect(manifest.poisons[0]!.imageDataset).toBe('target');
    const targetIndex = Array.from({ length: test.size }, (_, i) => test.meta(i).id).indexOf(
      manifest.goals[0]!.targetImage!,
    );
    expect((await dataset.load(50)).image.data).toEqual((await test.load(targetIndex)).image.data);
  });

  it('says how many captions name the label when there are too few', () => {
    const clean = createFixtureDataset();
    expect(() => targetedImageAttack(clean, { label: 'dog', poisons: { count: 31 } })).toThrow(
      /31 adversarial captions needed \(count 31\), but only 30 training captions contain the label 'dog'/,
    );
    expect(() => targetedImageAttack(clean, { label: 'dog', targetImage: 'missing' })).toThrow(
      /'missing' is not a record/,
    );
  });
});
