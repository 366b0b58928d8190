import type { ImageCaptionDataset, ImageCaptionItem } from '@mmpoison/core-tensor';

export interface LoadItemsOptions {
  /** Loads in flight at once (default 8): image decoding overlaps without flooding memory. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

/**
 * `dataset.load(i)` for every index, at most `concurrency` at a time, results in index order. A
 * failed load rejects with an error naming the record.
 */
export async function loadItems(
  dataset: ImageCaptionDataset,
  indices: readonly number[],
  options: LoadItemsOptions = {},
): Promise<ImageCaptionItem[]> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`loadItems: concurrency must be a positive integer, got ${concurrency}`);
  }
  const { signal } = options;
  const results = new Array<ImageCaptionItem>(indices.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indices.length) {
      signal?.throwIfAborted();
      const position = next++;
      const index = indices[position]!;
      try {
        results[position] = await dataset.load(index, signal === undefined ? undefined : { signal });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const source = describeRecord(dataset, index);
        throw new Error(
          `Could not load dataset record ${index}${source}: ${(error as Error)?.message ?? error}`,
          {
            cause: error,
          },
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indices.length) }, worker));
  return results;
}

function describeRecord(dataset: ImageCaptionDataset, index: number): string {
  try {
    const meta = dataset.meta(index);
    return ` (id ${meta.id}${meta.source === undefined ? '' : `, ${meta.source}`})`;
  } catch {
    return '';
  }
}
