import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../images/image-decode-error.js';
import { cocoLabelRandom, drawLabelByInstances, openCoco } from './coco.js';
import { DatasetFormatError } from './dataset-format-error.js';

const ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/coco/', import.meta.url));
const BASE = {
  root: ROOT,
  captionsFile: 'annotations/captions_mini.json',
  instancesFile: 'annotations/instances_mini.json',
  imagesDir: 'mini',
  imageSize: 8,
} as const;

describe('openCoco', () => {
  it('loads records with all captions, drawn labels and a skip report', async () => {
    const dataset = await openCoco(BASE);
    expect(dataset.classNames).toEqual(['person', 'boat', 'dog', 'toaster']);
    expect(dataset.size).toBe(5);
    const metas = Array.from({ length: dataset.size }, (_, i) => dataset.meta(i));
    expect(metas.map((meta) => meta.id)).toEqual(['1', '2', '3', '4', '7']);
    expect(metas.map((meta) => meta.captions.length)).toEqual([2, 3, 2, 2, 2]);
    // Trailing spaces and the newline of the COCO caption are trimmed.
    expect(metas[1]!.captions[0]).toBe('Boats in a harbour next to a dog.');
    // Image 2 has 3 boats and 1 dog: its label is the draw of its own seeded stream.
    const expected = cocoLabelRandom(42, 2).weightedIndex([0, 3, 1, 0]);
    expect(metas.map((meta) => meta.label)).toEqual([2, expected, 0, undefined, 3]);
    expect(dataset.report.checked).toBe(7);
    expect(dataset.report.skipped.map((skip) => [skip.id, skip.reason])).toEqual([
      ['5', 'file not found'],
      ['6', 'truncated JPEG (no end-of-image marker)'],
    ]);
    expect(dataset.report.skipped[0]!.path).toBe(`${ROOT}mini/000000000005.jpg`);
  });

  it('decodes a record at the dataset size', async () => {
    const dataset = await openCoco(BASE);
    const item = await dataset.load(1);
    expect([item.image.width, item.image.height]).toEqual([8, 8]);
    // Image 2 is solid blue (JPEG, so within a few levels).
    const [r, g, b] = item.image.data.slice(4 * 3 * 8 + 12, 4 * 3 * 8 + 15);
    expect([r! < 0.05, g! < 0.05, b! > 0.95]).toEqual([true, true, true]);
    expect(item.captions).toEqual(dataset.meta(1).captions);
  });

  it('draws labels in proportion to instance counts', () => {
    // 3 instances of category 0 and 1 of category 1: category 0 three times out of four.
    const draws = 4000;
    let first = 0;
    for (let i = 0; i < draws; i++) {
      if (drawLabelByInstances([3, 1], cocoLabelRandom(7, i)) === 0) first++;
    }
    expect(Math.abs(first / draws - 0.75)).toBeLessThan(0.025);
    expect(drawLabelByInstances([0, 0, 5], SeededRandom.fromSeed(1))).toBe(2);
  });

  it('labels image 2 boat or dog in a 3:1 ratio over seeds, and the same seed gives the same label', async () => {
    const labels = Array.from({ length: 400 }, (_, seed) =>
      drawLabelByInstances([0, 3, 1, 0], cocoLabelRandom(seed, 2)),
    );
    const boats = labels.filter((label) => label === 1).length;
    expect(labels.every((label) => label === 1 || label === 2)).toBe(true);
    expect(Math.abs(boats / 400 - 0.75)).toBeLessThan(0.07);
    expect((await openCoco(BASE)).meta(1).label).toBe(labels[42]);
    const other = labels.findIndex((label) => label !== labels[42]);
    expect((await openCoco({ ...BASE, seed: other })).meta(1).label).toBe(labels[other]);
  });

  it('drops unlabelled images on request and can exclude classes', async () => {
    const dropped = await openCoco({ ...BASE, unlabeled: 'drop' });
    expect(Array.from({ length: dropped.size }, (_, i) => dropped.meta(i).id)).toEqual(['1', '2', '3', '7']);
    const excluded = await openCoco({ ...BASE, excludeClasses: ['toaster'], unlabeled: 'drop' });
    expect(excluded.classNames).toEqual(['person', 'boat', 'dog']);
    expect(Array.from({ length: excluded.size }, (_, i) => excluded.meta(i).id)).toEqual(['1', '2', '3']);
    await expect(openCoco({ ...BASE, excludeClasses: ['unicorn'] })).rejects.toThrow(
      /'unicorn' is not a category/,
    );
  });

  it('has no labels without an instances file', async () => {
    const { instancesFile: _, ...captionsOnly } = BASE;
    const dataset = await openCoco(captionsOnly);
    expect(dataset.classNames).toBeUndefined();
    expect(dataset.meta(0).label).toBeUndefined();
  });

  it('makes bad files fatal in strict mode', async () => {
    const error = await openCoco({ ...BASE, strict: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toContain('000000000005.jpg');
  });

  it('names the file and field of an empty caption and of a path outside the root', async () => {
    const empty = await openCoco({ ...BASE, captionsFile: 'annotations/captions_empty.json' }).catch(
      (e: unknown) => e,
    );
    expect(empty).toBeInstanceOf(DatasetFormatError);
    expect((empty as DatasetFormatError).field).toBe('annotations[1].caption');
    expect((empty as Error).message).toMatch(
      /captions_empty\.json \(field 'annotations\[1\]\.caption'\): empty/,
    );
    await expect(openCoco({ ...BASE, captionsFile: 'annotations/captions_escape.json' })).rejects.toThrow(
      /captions_escape\.json \(field 'images\[0\]\.file_name'\): image path '\.\.\/\.\.\/outside\.jpg' is outside/,
    );
    await expect(openCoco({ ...BASE, imagesDir: '../elsewhere' })).rejects.toThrow(
      /outside the dataset root/,
    );
    await expect(openCoco({ ...BASE, captionsFile: 'annotations/nope.json' })).rejects.toThrow(
      /nope\.json: file not found/,
    );
  });
});
