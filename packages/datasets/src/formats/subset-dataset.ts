import type { ImageCaptionDataset, ImageCaptionItem, ImageCaptionMeta } from '@mmpoison/core-tensor';

/** A view of `dataset` holding the records at `indices`, in that order; nothing is copied. */
export function subsetDataset(dataset: ImageCaptionDataset, indices: readonly number[]): ImageCaptionDataset {
  for (const [position, index] of indices.entries()) {
    if (!Number.isInteger(index) || index < 0 || index >= dataset.size) {
      throw new RangeError(
        `subset index ${index} (position ${position}) is outside the dataset (size ${dataset.size})`,
      );
    }
  }
  const chosen = [...indices];
  const source = (index: number): number => {
    const original = chosen[index];
    if (original === undefined || !Number.isInteger(index)) {
      throw new RangeError(`Record index ${index} is outside the subset (size ${chosen.length})`);
    }
    return original;
  };
  return {
    size: chosen.length,
    classNames: dataset.classNames,
    meta(index: number): ImageCaptionMeta {
      return dataset.meta(source(index));
    },
    load(index: number, options?: { readonly signal?: AbortSignal }): Promise<ImageCaptionItem> {
      return dataset.load(source(index), options);
    },
  };
}
