import { type ChunkOptions, type EmbeddingMatrix, rankOfTargets } from '@mmpoison/core-tensor';
import { hitAtK, type RateAtK } from './hit-at-k.js';
import { type MinRankSummary, minRankSummary } from './min-rank.js';
import { defaultKs } from './validation.js';

/** One target set for every query, or a target set per query index. */
export type Targets = readonly number[] | ((queryIndex: number) => readonly number[]);

/** Options of the retrieval metrics: the cut-offs and how to chunk the scoring. */
export interface RetrievalOptions extends ChunkOptions {
  /** Cut-offs K (default 1, 5, 10). */
  readonly ks?: readonly number[];
}

/** Hit@K and MinRank of a set of queries against their targets. */
export interface TargetRetrievalResult {
  /** Per query, the 1-based rank of its best-ranked target. */
  readonly ranks: Int32Array;
  readonly hitAtK: RateAtK;
  readonly minRank: MinRankSummary;
}

export function targetsFunction(targets: Targets): (queryIndex: number) => readonly number[] {
  return typeof targets === 'function' ? targets : () => targets;
}

/**
 * Hit@K and MinRank of `queries` retrieving from `gallery` (seed paper 1): text→image when the
 * queries are caption embeddings and the gallery image embeddings (e.g. class-A captions against
 * the test images, targets the class-B images), image→text the other way round. Scored by cosine
 * similarity unless `cosine: false`; ranks are 1-based, ties resolved in the target's favour
 * (see `rankOfTargets`). Memory is independent of the gallery size.
 */
export function targetRetrieval(
  queries: EmbeddingMatrix,
  gallery: EmbeddingMatrix,
  targets: Targets,
  options: RetrievalOptions = {},
): TargetRetrievalResult {
  if (queries.rows === 0) throw new RangeError('targetRetrieval: there are no queries');
  const ranks = rankOfTargets(queries, gallery, targetsFunction(targets), { cosine: true, ...options });
  return { ranks, hitAtK: hitAtK(ranks, options.ks ?? defaultKs), minRank: minRankSummary(ranks) };
}
