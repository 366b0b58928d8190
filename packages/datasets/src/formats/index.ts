export { balancedSplit, type DatasetSplit } from './balanced-split.js';
export { type CaptionTableFormat, type CaptionTableOptions, openCaptionTable } from './caption-table.js';
export { type CocoOptions, cocoLabelRandom, drawLabelByInstances, openCoco } from './coco.js';
export { DatasetFormatError, type FormatErrorLocation } from './dataset-format-error.js';
export type { DatasetReport, SkippedRecord } from './dataset-report.js';
export { FLICKR30K_ANNOTATION_FILES, type Flickr30kOptions, openFlickr30k } from './flickr30k.js';
export { DEFAULT_CLASS_PROMPT, type ImageFolderOptions, openImageFolder } from './image-folder.js';
export { hasImageExtension, IMAGE_EXTENSIONS, listImageFiles } from './list-image-files.js';
export { openPascalSentences, type PascalSentencesOptions } from './pascal-sentences.js';
export {
  type DatasetOpenOptions,
  type ImageCheckLevel,
  type ImageRecord,
  openRecordDataset,
  RecordDataset,
  type RecordListing,
} from './record-dataset.js';
export { isInsideRoot, resolveInsideRoot } from './resolve-inside-root.js';
export { expandBraces, expandShardPatterns } from './shard-pattern.js';
export { subsetDataset } from './subset-dataset.js';
export { openWebDataset, type WebDatasetOptions, WebDatasetStream } from './webdataset.js';
