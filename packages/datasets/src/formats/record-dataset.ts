import type {
  ImageCaptionDataset,
  ImageCaptionItem,
  ImageCaptionMeta,
  ProgressReporter,
} from '@mmpoison/core-tensor';
import { checkImageFile, type ImageCheck } from '../images/check-image.js';
import type { ImageFit } from '../images/decode-image.js';
import { ImageDecodeError } from '../images/image-decode-error.js';
import { ImageDecoder } from '../images/image-decoder.js';
import { ProgressMeter } from '../images/progress-meter.js';
import { DatasetFormatError, type FormatErrorLocation } from './dataset-format-error.js';
import type { DatasetReport, SkippedRecord } from './dataset-report.js';
import { isInsideRoot } from './resolve-inside-root.js';

/** One image with all its captions, as read from an annotation file, before any pixel is decoded. */
export interface ImageRecord {
  readonly id: string;
  readonly captions: readonly string[];
  /** Index into the dataset's class names. */
  readonly label?: number;
  /** Absolute path of the image file, inside the dataset root. */
  readonly path: string;
  /** Where the record was defined, for error messages (annotation file, line, field). */
  readonly origin?: FormatErrorLocation;
}

/**
 * How much to verify each image when a dataset is opened:
 * - `header` (default): `sharp` metadata plus an end-of-file check, catching missing, non-image
 *   and truncated files without decoding pixels;
 * - `decode`: a full decode (slow, catches corrupt pixel data too);
 * - `none`: trust the files; a bad one then fails at `load`.
 */
export type ImageCheckLevel = 'header' | 'decode' | 'none';

/** Options every dataset opener accepts. */
export interface DatasetOpenOptions {
  /** Square side that `load` returns; default 224 (CLIP ViT-B/32). */
  readonly imageSize?: number;
  /** Default `shortest-side-crop` (resize shortest side, centre crop). */
  readonly fit?: ImageFit;
  /** A missing, truncated or non-image file is fatal instead of skipped and reported. */
  readonly strict?: boolean;
  /** Default `header`. */
  readonly check?: ImageCheckLevel;
  /** Decoder to share between datasets (its concurrency and cache); one is made otherwise. */
  readonly decoder?: ImageDecoder;
  /** Cache directory for decoded, resized pixels, when no `decoder` is given. */
  readonly cacheDir?: string;
  /** Parallel decodes/checks, when no `decoder` is given; default the CPU count. */
  readonly concurrency?: number;
  /** Receives `check images` progress while the files are scanned. */
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** What a format parser hands to {@link openRecordDataset}. */
export interface RecordListing {
  /** Dataset root: every image must lie inside it. */
  readonly root: string;
  readonly records: readonly ImageRecord[];
  readonly classNames: readonly string[] | undefined;
  /** Records the parser already had to leave out (an image without a sentence file, say). */
  readonly skipped?: readonly SkippedRecord[];
}

interface DatasetSettings {
  readonly root: string;
  readonly classNames: readonly string[] | undefined;
  readonly imageSize: number;
  readonly fit: ImageFit;
  readonly decoder: ImageDecoder;
  readonly report: DatasetReport;
}

/**
 * An in-memory list of image records served through the {@link ImageCaptionDataset} contract:
 * `meta` answers from memory, `load` decodes through the shared {@link ImageDecoder} (bounded
 * concurrency, optional on-disk cache) at `imageSize`. Made by {@link openRecordDataset} and every
 * format opener; `report` says which records were skipped when it was opened.
 */
export class RecordDataset implements ImageCaptionDataset {
  readonly root: string;
  readonly classNames: readonly string[] | undefined;
  readonly imageSize: number;
  readonly fit: ImageFit;
  readonly decoder: ImageDecoder;
  /** The skip report of the open these records came from (shared by subsets). */
  readonly report: DatasetReport;
  private readonly records: readonly ImageRecord[];

  private constructor(records: readonly ImageRecord[], settings: DatasetSettings) {
    this.records = records;
    this.root = settings.root;
    this.classNames = settings.classNames;
    this.imageSize = settings.imageSize;
    this.fit = settings.fit;
    this.decoder = settings.decoder;
    this.report = settings.report;
  }

  /** @internal Used by {@link openRecordDataset}; records are already validated. */
  static fromValidated(records: readonly ImageRecord[], settings: DatasetSettings): RecordDataset {
    return new RecordDataset(records, settings);
  }

  get size(): number {
    return this.records.length;
  }

  /** The full record of `index`, including its image path. */
  record(index: number): ImageRecord {
    const record = this.records[index];
    if (record === undefined || !Number.isInteger(index)) {
      throw new RangeError(`Record index ${index} is outside the dataset (size ${this.records.length})`);
    }
    return record;
  }

  meta(index: number): ImageCaptionMeta {
    const record = this.record(index);
    return {
      id: record.id,
      captions: record.captions,
      source: record.path,
      ...(record.label === undefined ? {} : { label: record.label }),
    };
  }

  async load(index: number, options: { readonly signal?: AbortSignal } = {}): Promise<ImageCaptionItem> {
    const meta = this.meta(index);
    const image = await this.decoder.decodeFile(this.record(index).path, {
      size: this.imageSize,
      fit: this.fit,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { ...meta, image };
  }

  /** A dataset of the records at `indices` (in that order), with the same settings and report. */
  subset(indices: readonly number[]): RecordDataset {
    return new RecordDataset(
      indices.map((index) => this.record(index)),
      this,
    );
  }
}

/**
 * Validates a record listing, checks every image file (see {@link ImageCheckLevel}) in parallel
 * with progress, and returns the dataset of the good records. Bad files are skipped and listed in
 * the report, or fatal with `strict`. Records with no captions, a blank caption, a label outside the
 * class list, a duplicate id or a path outside the root are errors naming where they came from.
 */
export async function openRecordDataset(
  listing: RecordListing,
  options: DatasetOpenOptions = {},
): Promise<RecordDataset> {
  const imageSize = options.imageSize ?? 224;
  if (!Number.isInteger(imageSize) || imageSize <= 0) {
    throw new RangeError(`imageSize must be a positive integer, got ${imageSize}`);
  }
  validateRecords(listing);
  const decoder =
    options.decoder ??
    new ImageDecoder({
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.cacheDir === undefined ? {} : { cache: options.cacheDir }),
    });
  const skipped: SkippedRecord[] = [...(listing.skipped ?? [])];
  if (options.strict && skipped[0]) throw new ImageDecodeError(skipped[0].path, skipped[0].reason);

  const level = options.check ?? 'header';
  const fit = options.fit ?? 'shortest-side-crop';
  const results = await checkAll(listing.records, level, decoder, { ...options, imageSize, fit });
  const kept: ImageRecord[] = [];
  for (const [i, record] of listing.records.entries()) {
    const result = results[i];
    if (result === undefined || result.ok) {
      kept.push(record);
      continue;
    }
    if (options.strict) throw new ImageDecodeError(record.path, result.reason);
    skipped.push({ path: record.path, reason: result.reason, id: record.id });
  }
  const report: DatasetReport = {
    checked: listing.records.length + (listing.skipped?.length ?? 0),
    kept: kept.length,
    skipped,
  };
  return RecordDataset.fromValidated(kept, {
    root: listing.root,
    classNames: listing.classNames,
    imageSize,
    fit,
    decoder,
    report,
  });
}

async function checkAll(
  records: readonly ImageRecord[],
  level: ImageCheckLevel,
  decoder: ImageDecoder,
  options: DatasetOpenOptions & { readonly imageSize: number; readonly fit: ImageFit },
): Promise<(ImageCheck | undefined)[]> {
  if (level === 'none') return records.map(() => undefined);
  const meter = new ProgressMeter(options.progress, 'check images', records.length, 'images');
  return Promise.all(
    records.map(async (record): Promise<ImageCheck> => {
      options.signal?.throwIfAborted();
      let result: ImageCheck;
      if (level === 'decode') {
        try {
          // Decoding at the dataset's size also fills the decoder's cache for the first epoch.
          const image = await decoder.decodeFile(record.path, {
            size: options.imageSize,
            fit: options.fit,
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          });
          result = { ok: true, format: 'decoded', width: image.width, height: image.height };
        } catch (error) {
          if (!(error instanceof ImageDecodeError)) throw error;
          result = { ok: false, reason: error.reason };
        }
      } else {
        result = await decoder.run(() => checkImageFile(record.path));
      }
      meter.tick();
      return result;
    }),
  );
}

function validateRecords(listing: RecordListing): void {
  const ids = new Set<string>();
  const classCount = listing.classNames?.length;
  for (const [i, record] of listing.records.entries()) {
    const origin = record.origin ?? { file: '<records>', field: `records[${i}]` };
    if (record.id === '') throw new DatasetFormatError(origin, 'empty record id');
    if (ids.has(record.id)) throw new DatasetFormatError(origin, `duplicate record id '${record.id}'`);
    ids.add(record.id);
    if (record.captions.length === 0) {
      throw new DatasetFormatError(origin, `image '${record.id}' has no captions`);
    }
    for (const caption of record.captions) {
      if (caption.trim() === '')
        throw new DatasetFormatError(origin, `image '${record.id}' has an empty caption`);
    }
    if (record.label !== undefined) {
      if (classCount === undefined) {
        throw new DatasetFormatError(
          origin,
          `image '${record.id}' has a label but the dataset has no classes`,
        );
      }
      if (!Number.isInteger(record.label) || record.label < 0 || record.label >= classCount) {
        throw new DatasetFormatError(
          origin,
          `label ${record.label} of '${record.id}' is not a class index in [0, ${classCount})`,
        );
      }
    }
    if (!isInsideRoot(listing.root, record.path)) {
      throw new DatasetFormatError(
        origin,
        `image path ${record.path} is outside the dataset root ${listing.root}`,
      );
    }
  }
}
