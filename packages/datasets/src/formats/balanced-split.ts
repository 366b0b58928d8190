import { type ImageCaptionDataset, type Seed, SeededRandom } from '@mmpoison/core-tensor';
import { RecordDataset } from './record-dataset.js';
import { subsetDataset } from './subset-dataset.js';

export interface DatasetSplit<T extends ImageCaptionDataset> {
  readonly train: T;
  readonly test: T;
}

/**
 * Carves a class-balanced test split out of a labelled dataset: `perClass` records drawn at random
 * (seeded) from every class, the rest (including unlabelled records) is the training split. This is
 * the COCO test set of the poisoning paper (Yang et al., App. A.1: 50 images per class) and its
 * 1:1 PASCAL split (25 per class). Both splits keep the original record order. A class with fewer
 * than `perClass` records is an error naming it.
 */
export function balancedSplit(
  dataset: RecordDataset,
  perClass: number,
  seed: Seed,
): DatasetSplit<RecordDataset>;
export function balancedSplit(
  dataset: ImageCaptionDataset,
  perClass: number,
  seed: Seed,
): DatasetSplit<ImageCaptionDataset>;
export function balancedSplit(
  dataset: ImageCaptionDataset,
  perClass: number,
  seed: Seed,
): DatasetSplit<ImageCaptionDataset> {
  const classNames = dataset.classNames;
  if (classNames === undefined)
    throw new TypeError('balancedSplit needs a labelled dataset (classNames is undefined)');
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new RangeError(`balancedSplit: perClass must be a positive integer, got ${perClass}`);
  }
  const byClass: number[][] = classNames.map(() => []);
  for (let i = 0; i < dataset.size; i++) {
    const label = dataset.meta(i).label;
    if (label !== undefined) byClass[label]?.push(i);
  }
  const random = SeededRandom.fromSeed(seed).derive('balanced-split');
  const inTest = new Set<number>();
  for (const [label, members] of byClass.entries()) {
    if (members.length < perClass) {
      throw new RangeError(
        `balancedSplit: class '${classNames[label]}' has ${members.length} labelled records, fewer than ${perClass} per class`,
      );
    }
    // Each class draws from its own named stream, so one class's size never shifts another's pick.
    for (const index of random.derive(`class:${label}`).sample(members, perClass)) inTest.add(index);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < dataset.size; i++) (inTest.has(i) ? test : train).push(i);
  if (dataset instanceof RecordDataset) return { train: dataset.subset(train), test: dataset.subset(test) };
  return { train: subsetDataset(dataset, train), test: subsetDataset(dataset, test) };
}
