import { describe, expect, it } from 'vitest';
import { hitAtK } from './hit-at-k.js';
import { minRankSummary } from './min-rank.js';

describe('hitAtK and minRankSummary', () => {
  it('counts rank ≤ K as a hit, with 1-based ranks', () => {
    // Ranks 1, 3, 7, 12, 2: one within 1, three within 5, four within 10.
    expect(hitAtK([1, 3, 7, 12, 2])).toEqual({ 1: 0.2, 5: 0.6, 10: 0.8 });
    expect(hitAtK(Int32Array.from([5, 6]), [5])).toEqual({ 5: 0.5 });
  });

  it('summarises MinRank by mean, median, min and max', () => {
    expect(minRankSummary([1, 3, 7, 12, 2])).toEqual({ count: 5, mean: 5, median: 3, min: 1, max: 12 });
    expect(minRankSummary([4, 1, 3, 10]).median).toBe(3.5);
  });

  it('rejects 0-based or empty ranks and bad cut-offs', () => {
    expect(() => hitAtK([0, 1])).toThrow(/rank 0 is 0; ranks are 1-based/);
    expect(() => minRankSummary([])).toThrow(/empty/);
    expect(() => hitAtK([1], [0])).toThrow(/every K must be a positive integer/);
    expect(() => hitAtK([1], [])).toThrow(/ks is empty/);
  });
});
