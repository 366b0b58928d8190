import { describe, expect, it } from 'vitest';
import { createFixtureDataset } from '../__fixtures__/labelled-dataset.js';
import { badNetPatch } from '../triggers/badnet-patch.js';
import { blended } from '../triggers/blended.js';
import { backdoorAttack } from './backdoor.js';
import { labelConsistentBackdoorAttack } from './label-consistent-backdoor.js';

const BANANA = 4;

describe('backdoorAttack', () => {
  it('triggers random non-target images and gives them the target caption, replacing them', async () => {
    const clean = createFixtureDataset();
    const trigger = badNetPatch({ seed: 1, size: 4 });
    const { dataset, manifest } = backdoorAttack(clean, {
      trigger,
      target: 'banana',
      poisons: { rate: 0.1 },
    });
    expect(manifest.mode).toBe('replace');
    expect(manifest.counts).toEqual({ clean: 50, cleanKept: 45, poisons: 5, total: 50 });
    expect(manifest.trigger).toEqual({ name: 'badnet', options: trigger.options });
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
    for (const poison of manifest.poisons) {
      expect(poison.captions).toEqual(['a photo of a banana.']);
      expect(poison.captionSource).toBe('photo-of');
      expect(poison.triggered).toBe(true);
      expect(poison.replaced).toBe(poison.imageFrom);
      expect(poison.imageFrom.startsWith(`c${BANANA}-`)).toBe(false);
      const item = await dataset.load(poison.index);
      expect(item.label).toBe(BANANA);
      expect(item.source).toBeUndefined();
      // The very trigger, applied to the clean pixels with the poison's id.
      const original = await clean.load(poison.index);
      expect(item.image.data).toEqual(trigger.apply(original.image, { id: poison.id }).data);
      expect(item.image.data).not.toEqual(original.image.data);
    }
  });

  it('add mode keeps the clean records and appends the triggered copies', () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = backdoorAttack(clean, {
      trigger: blended(),
      target: 'banana',
      poisons: { count: 4 },
      mode: 'add',
    });
    expect(dataset.size).toBe(54);
    expect(manifest.poisons.map((poison) => poison.index)).toEqual([50, 51, 52, 53]);
    expect(manifest.rate).toBeCloseTo(4 / 54, 12);
  });

  it('draws captions from templates, mentions or the target class', () => {
    const clean = createFixtureDataset();
    const trigger = blended();
    const templates = backdoorAttack(clean, {
      trigger,
      target: 'banana',
      captions: 'templates',
      poisons: { count: 8 },
    }).manifest;
    expect(templates.poisons.every((poison) => poison.captions[0]!.includes('banana'))).toBe(true);
    expect(new Set(templates.poisons.map((poison) => poison.captions[0])).size).toBeGreaterThan(1);
    const classCaptions = backdoorAttack(clean, {
      trigger,
      target: 'banana',
      captions: 'class-captions',
      poisons: { count: 8 },
    }).manifest;
    for (const poison of classCaptions.poisons) {
      expect(poison.captionsFrom!.startsWith(`c${BANANA}-`)).toBe(true);
      expect(clean.meta(BANANA * 10 + Number(poison.captionsFrom!.split('-')[1])).captions).toContain(
        poison.captions[0],
      );
    }
    const mentions = backdoorAttack(clean, {
      trigger,
      target: 'dog',
      captions: 'mentions',
      poisons: { count: 3 },
    }).manifest;
    expect(
      mentions.poisons.every(
        (poison) => /dog/.test(poison.captions[0]!) && !poison.imageFrom.startsWith('c1-'),
      ),
    ).toBe(true);
  });

  it('is reproducible per seed', async () => {
    const clean = createFixtureDataset();
    const build = (seed: number) =>
      backdoorAttack(clean, {
        trigger: badNetPatch({ seed }),
        target: 'banana',
        poisons: { count: 3 },
        seed,
      });
    const a = build(5);
    const b = build(5);
    expect(b.manifest).toEqual(a.manifest);
    expect((await b.dataset.load(a.manifest.poisons[1]!.index)).image.data).toEqual(
      (await a.dataset.load(a.manifest.poisons[1]!.index)).image.data,
    );
    expect(build(6).manifest.poisons).not.toEqual(a.manifest.poisons);
  });

  it('refuses what it cannot do, before any work', () => {
    const clean = createFixtureDataset();
    const trigger = blended();
    expect(() => backdoorAttack(clean, { trigger, target: 'banana', poisons: { count: 41 } })).toThrow(
      /41 poisons needed \(count 41\), but only 40 of 50 records neither show nor name the target 'banana'/,
    );
    expect(() =>
      backdoorAttack(createFixtureDataset({ unlabelled: true }), {
        trigger,
        target: 'banana',
        captions: 'class-captions',
        poisons: { count: 1 },
      }),
    ).toThrow(/labelled dataset/);
    expect(() =>
      backdoorAttack(clean, { trigger, target: 'kiwi', captions: 'class-captions', poisons: { count: 1 } }),
    ).toThrow(/target class 'kiwi' does not exist/);
    expect(() =>
      backdoorAttack(clean, { trigger, target: 'kiwi', captions: 'mentions', poisons: { count: 1 } }),
    ).toThrow(/no training caption contains the target 'kiwi'/);
    expect(clean.loads).toBe(0);
  });
});

describe('labelConsistentBackdoorAttack', () => {
  it('triggers only images whose caption names the target and keeps their captions', async () => {
    const clean = createFixtureDataset();
    const trigger = badNetPatch({ seed: 2, kind: 'htba', size: 4 });
    const { dataset, manifest } = labelConsistentBackdoorAttack(clean, {
      trigger,
      target: 'banana',
      poisons: { count: 6 },
    });
    expect(manifest.attack).toBe('label-consistent-backdoor');
    expect(manifest.counts).toEqual({ clean: 50, cleanKept: 44, poisons: 6, total: 50 });
    for (const poison of manifest.poisons) {
      const original = clean.meta(poison.index);
      expect(original.id).toBe(poison.imageFrom);
      expect(original.label).toBe(BANANA);
      expect(poison.captions).toEqual(original.captions);
      expect(poison.captionSource).toBe('own');
      const item = await dataset.load(poison.index);
      expect(item.image.data).toEqual(
        trigger.apply((await clean.load(poison.index)).image, { id: poison.id }).data,
      );
    }
    expect(() =>
      labelConsistentBackdoorAttack(clean, { trigger, target: 'banana', poisons: { count: 11 } }),
    ).toThrow(/11 poisons needed \(count 11\), but only 10 records have a caption naming 'banana'/);
    expect(() =>
      labelConsistentBackdoorAttack(clean, { trigger, target: 'kiwi', poisons: { count: 1 } }),
    ).toThrow(/no record/);
  });
});
