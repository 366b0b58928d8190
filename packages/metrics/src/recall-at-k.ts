import { type EmbeddingMatrix, rankOfTargets } from '@mmpoison/core-tensor';
import { hitAtK, type RateAtK } from './hit-at-k.js';
import type { RetrievalOptions } from './target-retrieval.js';
import { defaultKs } from './validation.js';

/** Recall@K of one retrieval direction, with the 1-based rank of each query's best match. */
export interface RecallDirection {
  readonly recall: RateAtK;
  readonly ranks: Int32Array;
}

/** Utility retrieval in both directions. */
export interface RecallAtKResult {
  /** Each caption retrieves images: a hit if its own image is in the top K. */
  readonly textToImage: RecallDirection;
  /** Each image retrieves captions: a hit if ANY of its captions is in the top K. */
  readonly imageToText: RecallDirection;
}

/**
 * Recall@K for text→image and image→text retrieval on a test split where every image has several
 * captions (methods.md, Utility). `captionImageIndex[c]` is the image row of caption row c. The
 * image→text hit counts any of the image's captions (methods.md notes the reference
 * implementations get this wrong). Cosine similarity unless `cosine: false`; 1-based ranks, ties in the
 * match's favour; chunked, so memory does not grow with the number of images or captions.
 */
export function recallAtK(
  images: EmbeddingMatrix,
  captions: EmbeddingMatrix,
  captionImageIndex: ArrayLike<number>,
  options: RetrievalOptions = {},
): RecallAtKResult {
  if (captionImageIndex.length !== captions.rows) {
    throw new RangeError(
      `recallAtK: captionImageIndex has ${captionImageIndex.length} entries, expected one per caption row (${captions.rows})`,
    );
  }
  if (images.rows === 0) throw new RangeError('recallAtK: there are no images');
  const captionsOfImage: number[][] = Array.from({ length: images.rows }, () => []);
  for (let caption = 0; caption < captionImageIndex.length; caption++) {
    const image = captionImageIndex[caption]!;
    if (!Number.isInteger(image) || image < 0 || image >= images.rows) {
      throw new RangeError(
        `recallAtK: captionImageIndex[${caption}] is ${image}, expected an image row in [0, ${images.rows})`,
      );
    }
    captionsOfImage[image]!.push(caption);
  }
  const missing = captionsOfImage.findIndex((list) => list.length === 0);
  if (missing >= 0) {
    throw new RangeError(
      `recallAtK: image ${missing} has no caption in captionImageIndex; every image needs one`,
    );
  }
  const ks = options.ks ?? defaultKs;
  const chunking = { cosine: true, ...options };
  const textRanks = rankOfTargets(captions, images, (caption) => [captionImageIndex[caption]!], {
    ...chunking,
    progressTask: options.progressTask ?? 'recall text→image',
  });
  const imageRanks = rankOfTargets(images, captions, (image) => captionsOfImage[image]!, {
    ...chunking,
    progressTask: options.progressTask ?? 'recall image→text',
  });
  return {
    textToImage: { recall: hitAtK(textRanks, ks), ranks: textRanks },
    imageToText: { recall: hitAtK(imageRanks, ks), ranks: imageRanks },
  };
}
