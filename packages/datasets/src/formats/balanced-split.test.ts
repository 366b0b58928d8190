import { fileURLToPath } from 'node:url';
import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { balancedSplit } from './balanced-split.js';
import { type ImageRecord, openRecordDataset, RecordDataset } from './record-dataset.js';
import { subsetDataset } from './subset-dataset.js';

const ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/images/', import.meta.url));

/** 3 classes with 5, 4 and 3 records, plus 2 unlabelled (files are never read: check 'none'). */
async function labelled(): Promise<RecordDataset> {
  const labels = [0, 1, 2, 0, 1, undefined, 2, 0, 1, 0, 2, 0, 1, undefined];
  const records: ImageRecord[] = labels.map((label, i) => ({
    id: `r${i}`,
    captions: [`caption ${i}`],
    path: `${ROOT}gray-8x8.png`,
    ...(label === undefined ? {} : { label }),
  }));
  return openRecordDataset({ root: ROOT, records, classNames: ['a', 'b', 'c'] }, { check: 'none' });
}

function labelsOf(dataset: ImageCaptionDataset): (number | undefined)[] {
  return Array.from({ length: dataset.size }, (_, i) => dataset.meta(i).label);
}

describe('balancedSplit', () => {
  it('takes N records of every class for test and leaves the rest (and unlabelled) in train', async () => {
    const dataset = await labelled();
    const { train, test } = balancedSplit(dataset, 2, 42);
    expect(train).toBeInstanceOf(RecordDataset);
    expect(test.size).toBe(6);
    expect(labelsOf(test).filter((label) => label === 0)).toHaveLength(2);
    expect(labelsOf(test).filter((label) => label === 1)).toHaveLength(2);
    expect(labelsOf(test).filter((label) => label === 2)).toHaveLength(2);
    expect(train.size).toBe(8);
    expect(labelsOf(train).filter((label) => label === undefined)).toHaveLength(2);
    const testIds = Array.from({ length: test.size }, (_, i) => test.meta(i).id);
    const trainIds = Array.from({ length: train.size }, (_, i) => train.meta(i).id);
    expect(new Set([...testIds, ...trainIds]).size).toBe(14);
    // Original order is kept inside each split.
    expect(testIds).toEqual([...testIds].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    // Same seed, same split; another seed, another split.
    const again = balancedSplit(dataset, 2, 42).test;
    expect(Array.from({ length: again.size }, (_, i) => again.meta(i).id)).toEqual(testIds);
    const seeds = [1, 2, 3, 4, 5].map((seed) => {
      const other = balancedSplit(dataset, 2, seed).test;
      return Array.from({ length: other.size }, (_, i) => other.meta(i).id).join();
    });
    expect(seeds.some((ids) => ids !== testIds.join())).toBe(true);
  });

  it('works on any labelled dataset and rejects short classes or unlabelled datasets', async () => {
    const dataset = await labelled();
    const view = subsetDataset(
      dataset,
      Array.from({ length: dataset.size }, (_, i) => i),
    );
    expect(balancedSplit(view, 3, 1).test.size).toBe(9);
    expect(() => balancedSplit(dataset, 4, 1)).toThrow(/class 'c' has 3 labelled records, fewer than 4/);
    expect(() => balancedSplit(dataset, 0, 1)).toThrow(RangeError);
    const unlabelled = { ...view, classNames: undefined, meta: view.meta, load: view.load, size: view.size };
    expect(() => balancedSplit(unlabelled, 1, 1)).toThrow(/needs a labelled dataset/);
    expect(() => subsetDataset(dataset, [99])).toThrow(RangeError);
  });
});
