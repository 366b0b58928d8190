import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from './dataset-format-error.js';
import { openFlickr30k } from './flickr30k.js';
import type { RecordDataset } from './record-dataset.js';

const ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/flickr30k/', import.meta.url));

function summary(dataset: RecordDataset): [string, number, string][] {
  return Array.from({ length: dataset.size }, (_, i) => {
    const meta = dataset.meta(i);
    return [meta.id, meta.captions.length, meta.captions[4] ?? ''];
  });
}

describe('openFlickr30k', () => {
  it('reads the Karpathy JSON, results.csv and the token file into the same records', async () => {
    const karpathy = await openFlickr30k({
      root: ROOT,
      annotations: 'dataset_flickr30k.json',
      check: 'none',
    });
    const csv = await openFlickr30k({ root: ROOT, annotations: 'results.csv', check: 'none' });
    const token = await openFlickr30k({ root: ROOT, annotations: 'results_20130124.token', check: 'none' });
    expect(karpathy.size).toBe(4);
    expect(karpathy.classNames).toBeUndefined();
    expect(summary(karpathy)[1]).toEqual(['10002456.jpg', 5, 'Three men on a large rig.']);
    // results.csv's line without its second separator still gives the caption.
    expect(summary(csv)).toEqual(summary(karpathy));
    expect(summary(token)).toEqual(summary(karpathy));
    expect(karpathy.meta(0).source).toBe(`${ROOT}flickr30k-images/1000092795.jpg`);
    expect(karpathy.meta(0).label).toBeUndefined();
  });

  it('finds the caption file itself, checks the images and loads pixels', async () => {
    const dataset = await openFlickr30k({ root: ROOT, imageSize: 6 });
    expect(dataset.report).toEqual({ checked: 4, kept: 4, skipped: [] });
    const item = await dataset.load(3);
    expect([item.image.width, item.image.height]).toEqual([6, 6]);
  });

  it('keeps one Karpathy split and explains an impossible split', async () => {
    const train = await openFlickr30k({ root: ROOT, split: 'train', check: 'none' });
    expect(summary(train).map(([id]) => id)).toEqual(['1000092795.jpg', '10002456.jpg']);
    const test = await openFlickr30k({ root: ROOT, split: 'test', check: 'none' });
    expect(test.size).toBe(1);
    await expect(openFlickr30k({ root: ROOT, split: 'restval' })).rejects.toThrow(
      /no image is in split 'restval' \(splits present: test, train, val\)/,
    );
    await expect(openFlickr30k({ root: ROOT, annotations: 'results.csv', split: 'train' })).rejects.toThrow(
      /only the Karpathy JSON/,
    );
  });

  it('names the line of an empty caption', async () => {
    const error = await openFlickr30k({ root: ROOT, annotations: 'results_empty.csv' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as DatasetFormatError).line).toBe(3);
    expect((error as Error).message).toMatch(
      /results_empty\.csv:3 \(field 'comment'\): empty caption for 1000092795\.jpg/,
    );
    await expect(openFlickr30k({ root: `${ROOT}flickr30k-images` })).rejects.toThrow(
      /no Flickr30k caption file found/,
    );
  });
});
