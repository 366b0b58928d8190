import {
  type ContrastiveModel,
  type EmbeddingMatrix,
  type ImageCaptionDataset,
  type ImageCaptionItem,
  l2Normalize,
  type ProgressReporter,
  ProgressTracker,
  silentProgressReporter,
} from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { loadItems } from '../training/load-items.js';
import { fitImage, stackImages } from '../training/stack-images.js';

/** Which side of the dataset to embed. */
export type EmbedTarget = 'images' | 'captions' | 'both';

export interface EmbedDatasetOptions {
  /** Images or captions per forward pass (default 64). */
  readonly batchSize?: number;
  readonly what?: EmbedTarget;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  /** Image loads in flight at once (default 8). */
  readonly loadConcurrency?: number;
}

/** L2-normalised embeddings of a dataset, in plain memory. */
export interface DatasetEmbeddings {
  /** Record ids, row `i` of {@link images} is record `i`. */
  readonly ids: readonly string[];
  readonly images?: EmbeddingMatrix;
  /** Every caption of every record, records in order and each record's captions in order. */
  readonly captions?: EmbeddingMatrix;
  readonly captionTexts?: readonly string[];
  /** For each caption row, the record (image row) it belongs to. */
  readonly captionImageIndex?: Int32Array;
}

function batchStarts(count: number, batchSize: number): number[] {
  const starts: number[] = [];
  for (let start = 0; start < count; start += batchSize) starts.push(start);
  return starts;
}

/** Copies a `[rows, dim]` tensor (disposed here) into `out` at row `row`, checking its width. */
async function copyRows(embeddings: tf.Tensor2D, out: Float32Array, row: number, dim: number): Promise<void> {
  try {
    if (embeddings.shape[1] !== dim) {
      throw new RangeError(
        `embedDataset: the model produced embeddings of dim ${embeddings.shape[1]}, its embedDim is ${dim}`,
      );
    }
    out.set(await embeddings.data<'float32'>(), row * dim);
  } finally {
    embeddings.dispose();
  }
}

/**
 * Embeds a dataset's images and/or captions in batches (images loaded with bounded concurrency, the
 * next batch decoding while the current one runs), L2-normalised, with progress and cancellation.
 * Images not at the model's resolution are resized and centre-cropped the CLIP way.
 */
export async function embedDataset(
  model: ContrastiveModel,
  dataset: ImageCaptionDataset,
  options: EmbedDatasetOptions = {},
): Promise<DatasetEmbeddings> {
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`embedDataset: batchSize must be a positive integer, got ${batchSize}`);
  }
  const what = options.what ?? 'both';
  if (what !== 'images' && what !== 'captions' && what !== 'both') {
    throw new RangeError(`embedDataset: what must be 'images', 'captions' or 'both', got '${what}'`);
  }
  const { signal } = options;
  const reporter = options.progress ?? silentProgressReporter;
  const dim = model.embedDim;
  const ids: string[] = [];
  const captionTexts: string[] = [];
  const captionOwners: number[] = [];
  for (let index = 0; index < dataset.size; index++) {
    const meta = dataset.meta(index);
    ids.push(meta.id);
    if (what !== 'images') {
      if (meta.captions.length === 0) {
        throw new RangeError(`embedDataset: record ${index} (id ${meta.id}) has no captions`);
      }
      for (const caption of meta.captions) {
        captionTexts.push(caption);
        captionOwners.push(index);
      }
    }
  }

  let images: EmbeddingMatrix | undefined;
  if (what !== 'captions') {
    const data = new Float32Array(dataset.size * dim);
    const tracker = new ProgressTracker('embed images', { total: dataset.size, unit: 'images', reporter });
    const starts = batchStarts(dataset.size, batchSize);
    const load = (start: number): Promise<ImageCaptionItem[]> => {
      const indices = Array.from({ length: Math.min(batchSize, dataset.size - start) }, (_, i) => start + i);
      return loadItems(dataset, indices, {
        ...(options.loadConcurrency === undefined ? {} : { concurrency: options.loadConcurrency }),
        ...(signal === undefined ? {} : { signal }),
      });
    };
    let pending = starts.length > 0 ? load(starts[0]!) : undefined;
    for (let b = 0; b < starts.length; b++) {
      const items = await pending!;
      // Prefetch: the next batch decodes while this one runs through the model.
      pending = b + 1 < starts.length ? load(starts[b + 1]!) : undefined;
      pending?.catch(() => {});
      signal?.throwIfAborted();
      const embeddings = tf.tidy(() => {
        const pixels = stackImages(
          items.map((item) => fitImage(item.image, model.imageSize)),
          model.imageSize,
          items.map((item) => item.id),
        );
        return l2Normalize(model.encodeImages(pixels).embeddings);
      });
      await copyRows(embeddings, data, starts[b]!, dim);
      tracker.advance(items.length);
    }
    tracker.finish();
    images = { rows: dataset.size, dim, data };
  }

  let captions: EmbeddingMatrix | undefined;
  if (what !== 'images') {
    const data = new Float32Array(captionTexts.length * dim);
    const tracker = new ProgressTracker('embed captions', {
      total: captionTexts.length,
      unit: 'captions',
      reporter,
    });
    for (const start of batchStarts(captionTexts.length, batchSize)) {
      signal?.throwIfAborted();
      const texts = captionTexts.slice(start, start + batchSize);
      const embeddings = tf.tidy(() => l2Normalize(model.encodeTexts(texts)));
      await copyRows(embeddings, data, start, dim);
      tracker.advance(texts.length);
    }
    tracker.finish();
    captions = { rows: captionTexts.length, dim, data };
  }

  return {
    ids,
    ...(images === undefined ? {} : { images }),
    ...(captions === undefined
      ? {}
      : { captions, captionTexts, captionImageIndex: Int32Array.from(captionOwners) }),
  };
}
