import { type EmbeddingMatrix, pairedCosineSimilarity } from '@mmpoison/core-tensor';
import { mean, median } from './statistics.js';
import { checkNotEmpty } from './validation.js';

/** Cosine distance 1 − cos per row, and its mean and median. */
export interface CosineDistanceSummary {
  readonly mean: number;
  readonly median: number;
  readonly perItem: Float64Array;
}

/**
 * Cosine distance 1 − cos (in [0, 2]) between two models' embeddings of the same inputs, row i of
 * `a` against row i of `b` (seed paper 1, Sec. 4.1 and Fig. 1b: clean against poisoned model).
 */
export function embeddingCosineDistance(a: EmbeddingMatrix, b: EmbeddingMatrix): CosineDistanceSummary {
  checkNotEmpty(a.rows, 'the embedding matrix', 'embeddingCosineDistance');
  const perItem = pairedCosineSimilarity(a, b).map((cos) => 1 - cos);
  return { mean: mean(perItem), median: median(perItem), perItem };
}
