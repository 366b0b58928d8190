import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../images/image-decode-error.js';
import { DatasetFormatError } from './dataset-format-error.js';
import { type ImageRecord, openRecordDataset } from './record-dataset.js';

const ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/images/', import.meta.url));

const record = (id: string, file: string, extra: Partial<ImageRecord> = {}): ImageRecord => ({
  id,
  captions: [`a picture called ${id}`],
  path: `${ROOT}${file}`,
  ...extra,
});

const GOOD = [
  record('halves', 'halves-16x8.png'),
  record('grey', 'gray-8x8.png'),
  record('webp', 'lossless-8x8.webp'),
];

describe('openRecordDataset', () => {
  it('serves meta from memory and decodes at imageSize', async () => {
    const dataset = await openRecordDataset(
      { root: ROOT, records: GOOD, classNames: undefined },
      { imageSize: 4 },
    );
    expect(dataset.size).toBe(3);
    expect(dataset.meta(0)).toEqual({
      id: 'halves',
      captions: ['a picture called halves'],
      source: `${ROOT}halves-16x8.png`,
    });
    const item = await dataset.load(2);
    expect([item.image.width, item.image.height, item.id]).toEqual([4, 4, 'webp']);
    expect(() => dataset.meta(3)).toThrow(RangeError);
    expect(dataset.report).toEqual({ checked: 3, kept: 3, skipped: [] });
  });

  it('skips and reports bad files, with progress while checking', async () => {
    const events: ProgressEvent[] = [];
    const records = [
      ...GOOD,
      record('cut', 'truncated.jpg'),
      record('text', 'not-an-image.jpg'),
      record('gone', 'gone.png'),
    ];
    const dataset = await openRecordDataset(
      {
        root: ROOT,
        records,
        classNames: undefined,
        skipped: [{ path: `${ROOT}x.jpg`, reason: 'no sentence file' }],
      },
      { progress: { report: (event) => events.push(event) }, concurrency: 2 },
    );
    expect(dataset.size).toBe(3);
    expect(dataset.report.checked).toBe(7);
    expect(dataset.report.skipped.map((skip) => [skip.id, skip.reason])).toEqual([
      [undefined, 'no sentence file'],
      ['cut', 'truncated JPEG (no end-of-image marker)'],
      ['text', 'not an image'],
      ['gone', 'file not found'],
    ]);
    expect(events.at(-1)).toMatchObject({ task: 'check images', done: 6, total: 6, unit: 'images' });
  });

  it('is fatal in strict mode, and check levels decide what is caught at open', async () => {
    const records = [...GOOD, record('text', 'not-an-image.jpg')];
    await expect(
      openRecordDataset({ root: ROOT, records, classNames: undefined }, { strict: true }),
    ).rejects.toThrow(ImageDecodeError);
    const unchecked = await openRecordDataset(
      { root: ROOT, records, classNames: undefined },
      { check: 'none' },
    );
    expect(unchecked.size).toBe(4);
    await expect(unchecked.load(3)).rejects.toThrow(/not-an-image\.jpg: not an image/);
    const decoded = await openRecordDataset(
      { root: ROOT, records, classNames: undefined },
      { check: 'decode' },
    );
    expect(decoded.report.skipped).toEqual([
      { path: `${ROOT}not-an-image.jpg`, reason: 'not an image', id: 'text' },
    ]);
  });

  it('rejects records without captions, blank captions, bad labels, duplicates and escapes', async () => {
    const open = (records: ImageRecord[], classNames?: string[]) =>
      openRecordDataset({ root: ROOT, records, classNames }, { check: 'none' });
    const origin = { file: 'list.csv', line: 4 };
    await expect(open([record('a', 'gray-8x8.png', { captions: [], origin })])).rejects.toThrow(
      /^list\.csv:4: image 'a' has no captions$/,
    );
    await expect(open([record('a', 'gray-8x8.png', { captions: ['ok', ' '] })])).rejects.toThrow(
      /empty caption/,
    );
    await expect(open([record('a', 'gray-8x8.png', { label: 2 })], ['x', 'y'])).rejects.toThrow(
      /not a class index in \[0, 2\)/,
    );
    await expect(open([record('a', 'gray-8x8.png', { label: 0 })])).rejects.toThrow(
      /the dataset has no classes/,
    );
    await expect(open([record('a', 'gray-8x8.png'), record('a', 'halves-16x8.png')])).rejects.toThrow(
      /duplicate record id 'a'/,
    );
    await expect(open([record('a', '../outside.png')])).rejects.toThrow(DatasetFormatError);
    await expect(
      openRecordDataset({ root: ROOT, records: GOOD, classNames: undefined }, { imageSize: 0 }),
    ).rejects.toThrow(RangeError);
  });

  it('makes subsets that keep settings and order', async () => {
    const dataset = await openRecordDataset(
      { root: ROOT, records: GOOD, classNames: undefined },
      { imageSize: 4 },
    );
    const subset = dataset.subset([2, 0]);
    expect([subset.size, subset.meta(0).id, subset.meta(1).id, subset.imageSize]).toEqual([
      2,
      'webp',
      'halves',
      4,
    ]);
    expect(subset.report).toBe(dataset.report);
  });
});
