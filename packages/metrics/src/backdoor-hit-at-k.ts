import type { EmbeddingMatrix } from '@mmpoison/core-tensor';
import { type RetrievalOptions, type TargetRetrievalResult, targetRetrieval } from './target-retrieval.js';

/**
 * Backdoor Hit@K (Semantic Shield's backdoor tables, Hit@1/5/10): each triggered image retrieves from the caption set,
 * and it is a hit when a caption of the backdoor's target class is in its top K. `targetCaptions`
 * are the caption rows of the target class. Also gives the MinRank of the best target caption.
 * Pass only triggered images whose true class is not the target, as for the attack success rate.
 */
export function backdoorHitAtK(
  triggeredImages: EmbeddingMatrix,
  captions: EmbeddingMatrix,
  targetCaptions: readonly number[],
  options: RetrievalOptions = {},
): TargetRetrievalResult {
  if (targetCaptions.length === 0) {
    throw new RangeError(
      'backdoorHitAtK: targetCaptions is empty; give the caption rows of the target class',
    );
  }
  return targetRetrieval(triggeredImages, captions, targetCaptions, {
    progressTask: 'backdoor hit@k',
    ...options,
  });
}
