import type { ImageCaptionDataset, ProgressReporter } from '@mmpoison/core-tensor';
import { balancedSplit, generateSyntheticDataset } from '@mmpoison/datasets';
import { openDiskDataset } from '../open-disk-dataset.js';
import type { DataConfig } from './study-config.js';

/** The two splits a study works on. */
export interface StudyData {
  readonly train: ImageCaptionDataset;
  readonly test: ImageCaptionDataset;
}

/**
 * Builds the study's training and test splits: the synthetic benchmark's own splits, or a dataset
 * on disk opened with the datasets package and split class-balanced with the study seed.
 */
export async function prepareStudyData(
  data: DataConfig,
  seed: number,
  options: { readonly progress?: ProgressReporter; readonly signal?: AbortSignal } = {},
): Promise<StudyData> {
  if (data.kind === 'synthetic') {
    const benchmark = generateSyntheticDataset({
      seed: data.seed ?? seed,
      ...(data.imagesPerClass === undefined ? {} : { imagesPerClass: data.imagesPerClass }),
      ...(data.testImagesPerClass === undefined ? {} : { testImagesPerClass: data.testImagesPerClass }),
      ...(data.imageSize === undefined ? {} : { imageSize: data.imageSize }),
      ...(data.classes === undefined ? {} : { classes: data.classes }),
      ...(data.difficulty === undefined ? {} : { difficulty: data.difficulty }),
    });
    if (benchmark.test.size === 0)
      throw new Error('data.testImagesPerClass: the study needs test images, got 0');
    return { train: benchmark.train, test: benchmark.test };
  }
  const { kind, testPerClass: _testPerClass, ...location } = data;
  const dataset = await openDiskDataset({ format: kind, ...location }, options);
  if (dataset.classNames === undefined) {
    throw new Error(
      `data: the ${data.kind} dataset at ${data.root} has no class labels; a study needs labels to split and to evaluate the attack`,
    );
  }
  return balancedSplit(dataset, data.testPerClass!, seed);
}
