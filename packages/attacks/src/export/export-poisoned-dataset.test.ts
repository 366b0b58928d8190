import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, generateSyntheticDataset, openCaptionTable } from '@mmpoison/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../__fixtures__/encode-png.js';
import { createFixtureDataset } from '../__fixtures__/labelled-dataset.js';
import { backdoorAttack } from '../attacks/backdoor.js';
import { singleTargetLabelAttack } from '../attacks/single-target-label.js';
import { badNetPatch } from '../triggers/badnet-patch.js';
import { exportPoisonedDataset } from './export-poisoned-dataset.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mmpoison-export-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('exportPoisonedDataset', () => {
  it('writes only the triggered images and points to the original files for the rest', async () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = backdoorAttack(clean, {
      trigger: badNetPatch({ size: 4 }),
      target: 'banana',
      poisons: { count: 5 },
    });
    const out = join(folder, 'needed');
    const events: number[] = [];
    const summary = await exportPoisonedDataset(dataset, manifest, out, {
      encodePng,
      progress: { report: (event) => events.push(event.done) },
    });
    expect(summary).toMatchObject({ records: 50, poisoned: 5, imagesWritten: 5 });
    expect(events).toEqual([1, 2, 3, 4, 5]);
    expect((await readdir(join(out, 'images'))).sort()).toEqual(
      manifest.poisonedIds.map((id) => `${id}.png`).sort(),
    );

    const lines = (await readFile(join(out, 'train.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(50);
    expect(lines.filter((line) => line.poisoned).map((line) => line.id)).toEqual(
      manifest.poisons.map((poison) => poison.id),
    );
    for (const [index, line] of lines.entries()) {
      const meta = dataset.meta(index);
      expect(line.captions).toEqual(meta.captions);
      expect(line.label).toBe(clean.classNames![meta.label!]);
      expect(line.image).toBe(line.poisoned ? join(out, 'images', `${meta.id}.png`) : meta.source);
    }
    // The written PNG holds the triggered pixels (to 8 bits).
    const poison = manifest.poisons[0]!;
    const decoded = await decodeImage(join(out, 'images', `${poison.id}.png`), { size: 16 });
    const expected = (await dataset.load(poison.index)).image.data;
    const worst = decoded.data.reduce((max, value, i) => Math.max(max, Math.abs(value - expected[i]!)), 0);
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6);

    const tsv = (await readFile(join(out, 'openclip-train.tsv'), 'utf8')).trim().split('\n');
    expect(tsv[0]).toBe('filepath\ttitle');
    expect(tsv).toHaveLength(1 + 45 * 3 + 5);
    expect(tsv).toContain(`${join(out, 'images', `${poison.id}.png`)}\ta photo of a banana.`);
    expect(JSON.parse(await readFile(join(out, 'poison-manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it("materialises everything with 'all' and reads back through the datasets package", async () => {
    const { train } = generateSyntheticDataset({
      seed: 3,
      imagesPerClass: 3,
      testImagesPerClass: 0,
      imageSize: 16,
      classes: ['circle', 'square', 'triangle'],
    });
    const [source, target] = [train.classNames[0]!, train.classNames[1]!];
    const { dataset, manifest } = singleTargetLabelAttack(train, { source, target, poisons: { count: 2 } });
    const out = join(folder, 'all');
    const summary = await exportPoisonedDataset(dataset, manifest, out, { encodePng, materialize: 'all' });
    expect(summary.imagesWritten).toBe(11);
    const reread = await openCaptionTable({
      file: join(out, 'train.jsonl'),
      format: 'jsonl',
      imageColumn: 'image',
      captionColumn: 'captions',
      labelColumn: 'label',
      classNames: train.classNames,
      imageSize: 16,
      check: 'none',
    });
    expect(reread.size).toBe(11);
    for (let i = 0; i < 11; i++) {
      expect(reread.meta(i).captions).toEqual(dataset.meta(i).captions);
      expect(reread.meta(i).label).toBe(dataset.meta(i).label);
    }
    const pixels = (await reread.load(9)).image.data;
    const original = (await dataset.load(9)).image.data;
    expect(
      pixels.reduce((max, value, i) => Math.max(max, Math.abs(value - original[i]!)), 0),
    ).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
  });

  it('refuses a dataset that does not match the manifest', async () => {
    const clean = createFixtureDataset();
    const { manifest } = backdoorAttack(clean, {
      trigger: badNetPatch(),
      target: 'banana',
      poisons: { count: 2 },
      mode: 'add',
    });
    await expect(exportPoisonedDataset(clean, manifest, join(folder, 'bad'), { encodePng })).rejects.toThrow(
      /50 records.*52/,
    );
  });
});
