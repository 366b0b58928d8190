import { type ChunkOptions, type EmbeddingMatrix, type TopKResult, topKSimilar } from '@mmpoison/core-tensor';
import type { RateAtK } from './hit-at-k.js';
import { checkKs, checkLabels, checkNotEmpty, defaultKs } from './validation.js';

/** Options of the zero-shot metrics. */
export interface ZeroShotOptions extends ChunkOptions {
  /** Top-k cut-offs (default 1, 5, 10; those above the class count are capped at it). */
  readonly ks?: readonly number[];
}

/**
 * Zero-shot predictions: the `k` classes whose (text) embeddings are most cosine-similar to each
 * image embedding, best first; ties go to the lower class index.
 */
export function zeroShotPredictions(
  images: EmbeddingMatrix,
  classEmbeddings: EmbeddingMatrix,
  k: number,
  options: ChunkOptions = {},
): TopKResult {
  return topKSimilar(images, classEmbeddings, k, { cosine: true, progressTask: 'zero-shot', ...options });
}

/**
 * For every K, the fraction of rows whose wanted class is among the top K predictions. Shared by
 * zero-shot accuracy, attack success rate and poison success rate, which differ only in which
 * class counts as "right".
 */
export function topKRates(
  predictions: TopKResult,
  wanted: ArrayLike<number>,
  ks: readonly number[],
): RateAtK {
  const rows = wanted.length;
  const rates: Record<number, number> = {};
  for (const k of ks) {
    const depth = Math.min(k, predictions.k);
    let hits = 0;
    for (let row = 0; row < rows; row++) {
      for (let position = 0; position < depth; position++) {
        if (predictions.indices[row * predictions.k + position] === wanted[row]) {
          hits++;
          break;
        }
      }
    }
    rates[k] = hits / rows;
  }
  return rates;
}

/**
 * Zero-shot top-k accuracy (CLIP): an image is right at K when its true class is among the K classes
 * most similar to it. Pass class embeddings from `classEmbeddingsFromTemplates` for methods.md's
 * clean accuracy (top-1 over prompt-template means).
 */
export function zeroShotAccuracy(
  images: EmbeddingMatrix,
  classEmbeddings: EmbeddingMatrix,
  labels: ArrayLike<number>,
  options: ZeroShotOptions = {},
): RateAtK {
  const caller = 'zeroShotAccuracy';
  checkNotEmpty(images.rows, 'the image set', caller);
  checkLabels(labels, images.rows, classEmbeddings.rows, 'labels', caller);
  const ks = checkKs(options.ks ?? defaultKs, caller);
  const predictions = zeroShotPredictions(images, classEmbeddings, Math.max(...ks), options);
  return topKRates(predictions, labels, ks);
}
