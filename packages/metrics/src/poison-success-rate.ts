import type { EmbeddingMatrix } from '@mmpoison/core-tensor';
import type { RateAtK } from './hit-at-k.js';
import { checkKs, checkLabels, checkNotEmpty, defaultKs } from './validation.js';
import { topKRates, type ZeroShotOptions, zeroShotPredictions } from './zero-shot-accuracy.js';

/**
 * Poison success rate of a targeted image attack (Carlini & Terzis; RoCLIP, "the fraction of images that
 * are classified as the adversarial label"): the fraction of
 * target images the zero-shot classifier assigns to their adversarial label, top-1 (and top-k for
 * the other cut-offs). Row i of `targetImages` is attacked towards `adversarialLabels[i]`.
 */
export function poisonSuccessRate(
  targetImages: EmbeddingMatrix,
  classEmbeddings: EmbeddingMatrix,
  adversarialLabels: ArrayLike<number>,
  options: ZeroShotOptions = {},
): RateAtK {
  const caller = 'poisonSuccessRate';
  checkNotEmpty(targetImages.rows, 'the set of target images', caller);
  checkLabels(adversarialLabels, targetImages.rows, classEmbeddings.rows, 'adversarialLabels', caller);
  const ks = checkKs(options.ks ?? defaultKs, caller);
  const predictions = zeroShotPredictions(targetImages, classEmbeddings, Math.max(...ks), options);
  return topKRates(predictions, adversarialLabels, ks);
}
