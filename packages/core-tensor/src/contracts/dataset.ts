import type { RgbImage } from './image.js';

/**
 * What is known about one image record without decoding its pixels: enough for an attack to choose
 * which records to poison and for metrics to know which captions belong to which image.
 */
export interface ImageCaptionMeta {
  /** Stable id of the record within its dataset (file name, COCO image id, WebDataset key, …). */
  readonly id: string;
  /** Every caption of the image (COCO and Flickr30k have five); never empty. */
  readonly captions: readonly string[];
  /** Class index into {@link ImageCaptionDataset.classNames}, when the dataset has labels. */
  readonly label?: number;
  /** Where the pixels come from (a path or URI), for error reports and exports. */
  readonly source?: string;
}

/** An image record with its decoded pixels, at the dataset's resolution. */
export interface ImageCaptionItem extends ImageCaptionMeta {
  readonly image: RgbImage;
}

/**
 * An image–caption dataset with random access. Records are whole images with all their captions,
 * because attacks poison whole records and retrieval metrics need every caption of an image.
 */
export interface ImageCaptionDataset {
  /** Number of image records. */
  readonly size: number;
  /** Class names when records carry labels; `undefined` for caption-only data (Flickr30k, CC3M). */
  readonly classNames: readonly string[] | undefined;
  /** Metadata of record `index` (0 ≤ index < size), without decoding the image. */
  meta(index: number): ImageCaptionMeta;
  /** Record `index` with its decoded RGB pixels. */
  load(index: number, options?: { readonly signal?: AbortSignal }): Promise<ImageCaptionItem>;
}

/** A dataset read once front to back (WebDataset tar shards at CC3M scale). */
export interface ImageCaptionStream extends AsyncIterable<ImageCaptionItem> {
  readonly classNames: readonly string[] | undefined;
}
