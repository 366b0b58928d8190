import { checkRanks } from './hit-at-k.js';
import { mean, median } from './statistics.js';

/** Summary of per-query MinRanks (1-based). */
export interface MinRankSummary {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * MinRank (seed paper 1, Sec. 4.1): per query the rank of the best-ranked target; summarised by
 * mean, median (mean of the two middle values for an even count), min and max. Ranks are 1-based;
 * the reference code reports 0-based ranks, so its mean and median are one lower than ours.
 */
export function minRankSummary(ranks: ArrayLike<number>): MinRankSummary {
  checkRanks(ranks, 'minRankSummary');
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ranks.length; i++) {
    min = Math.min(min, ranks[i]!);
    max = Math.max(max, ranks[i]!);
  }
  return { count: ranks.length, mean: mean(ranks), median: median(ranks), min, max };
}
