import type { ImageCaptionDataset, ProgressReporter } from '@mmpoison/core-tensor';
import {
  balancedSplit,
  type DatasetOpenOptions,
  generateSyntheticDataset,
  openCaptionTable,
  openCoco,
  openFlickr30k,
  openImageFolder,
  openPascalSentences,
  type RecordDataset,
} from '@mmpoison/datasets';
import type { DataConfig, DiskDataConfig } from './study-config.js';

/** The two splits a study works on. */
export interface StudyData {
  readonly train: ImageCaptionDataset;
  readonly test: ImageCaptionDataset;
}

async function openDisk(data: DiskDataConfig, options: DatasetOpenOptions): Promise<RecordDataset> {
  const { root } = data;
  switch (data.kind) {
    case 'coco':
      return openCoco({
        ...options,
        root,
        captionsFile: data.captionsFile!,
        imagesDir: data.imagesDir!,
        ...(data.instancesFile === undefined ? {} : { instancesFile: data.instancesFile }),
      });
    case 'flickr30k':
      return openFlickr30k({
        ...options,
        root,
        ...(data.annotations === undefined ? {} : { annotations: data.annotations }),
        ...(data.imagesDir === undefined ? {} : { imagesDir: data.imagesDir }),
      });
    case 'pascal':
      return openPascalSentences({
        ...options,
        root,
        ...(data.imagesDir === undefined ? {} : { imagesDir: data.imagesDir }),
      });
    case 'imagefolder':
      return openImageFolder({
        ...options,
        root,
        ...(data.prompt === undefined ? {} : { prompt: data.prompt }),
      });
    case 'csv':
    case 'tsv':
    case 'jsonl':
      return openCaptionTable({
        ...options,
        root,
        file: data.file!,
        format: data.kind,
        imageColumn: data.imageColumn!,
        captionColumn: data.captionColumn!,
        ...(data.labelColumn === undefined ? {} : { labelColumn: data.labelColumn }),
      });
  }
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
  const openOptions: DatasetOpenOptions = {
    ...(data.imageSize === undefined ? {} : { imageSize: data.imageSize }),
    ...(data.strict === undefined ? {} : { strict: data.strict }),
    ...(data.check === undefined ? {} : { check: data.check }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const dataset = await openDisk(data, openOptions);
  if (dataset.classNames === undefined) {
    throw new Error(
      `data: the ${data.kind} dataset at ${data.root} has no class labels; a study needs labels to split and to evaluate the attack`,
    );
  }
  return balancedSplit(dataset, data.testPerClass!, seed);
}
