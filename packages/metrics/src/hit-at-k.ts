import { checkKs, checkNotEmpty, defaultKs } from './validation.js';

/** A rate per cut-off K, e.g. `{ 1: 0.02, 5: 0.3, 10: 0.55 }` (JSON keys become strings). */
export type RateAtK = Readonly<Record<number, number>>;

/** Checks that every rank is a 1-based integer rank. */
export function checkRanks(ranks: ArrayLike<number>, caller: string): void {
  checkNotEmpty(ranks.length, 'the list of ranks', caller);
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i]!;
    if (!Number.isInteger(rank) || rank < 1) {
      throw new RangeError(`${caller}: rank ${i} is ${rank}; ranks are 1-based integers (rank 1 = first)`);
    }
  }
}

/**
 * Hit@K (seed paper 1, Sec. 4.1): the fraction of queries whose best target is within the first K,
 * from 1-based ranks, so a hit is `rank ≤ K`. (The reference code keeps 0-based ranks and tests
 * `rank < K`: the same hits.)
 */
export function hitAtK(ranks: ArrayLike<number>, ks: readonly number[] = defaultKs): RateAtK {
  checkRanks(ranks, 'hitAtK');
  checkKs(ks, 'hitAtK');
  const result: Record<number, number> = {};
  for (const k of ks) {
    let hits = 0;
    for (let i = 0; i < ranks.length; i++) if (ranks[i]! <= k) hits++;
    result[k] = hits / ranks.length;
  }
  return result;
}
