import { type EmbeddingMatrix, pairedCosineSimilarity } from '@mmpoison/core-tensor';
import { mean } from './statistics.js';
import { checkNotEmpty } from './validation.js';

/** The embedding shift per image and its mean. */
export interface EmbeddingShiftSummary {
  readonly mean: number;
  readonly perItem: Float64Array;
}

/**
 * Embedding shift d = 2(1 − cos) between each clean image's embedding and its triggered copy's
 * (CleanCLIP, Fig. 1): the squared Euclidean distance of the two unit-normalised embeddings,
 * ‖u − v‖² = 2 − 2·u·v, in [0, 4]. Row i of `clean` pairs with row i of `triggered`.
 */
export function embeddingShift(clean: EmbeddingMatrix, triggered: EmbeddingMatrix): EmbeddingShiftSummary {
  checkNotEmpty(clean.rows, 'the embedding matrix', 'embeddingShift');
  const perItem = pairedCosineSimilarity(clean, triggered).map((cos) => 2 * (1 - cos));
  return { mean: mean(perItem), perItem };
}
