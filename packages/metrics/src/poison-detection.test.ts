import { describe, expect, it } from 'vitest';
import { auroc } from './auroc.js';
import { detectionMetrics, detectionMetricsForManifest, poisonedFlags } from './poison-detection.js';

describe('poison detection metrics', () => {
  it('gives precision, recall and AUROC in a hand-computed case', () => {
    // Scores 0.1, 0.4, 0.35, 0.8 with the last two poisoned. Above 0.3: 0.4 (clean), 0.35, 0.8.
    // AUROC: pairs (0.35 vs 0.1 ✓, 0.35 vs 0.4 ✗, 0.8 vs 0.1 ✓, 0.8 vs 0.4 ✓) → 3/4.
    const result = detectionMetrics([0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.3);
    expect(result).toEqual({
      precision: 2 / 3,
      recall: 1,
      auroc: 0.75,
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 0,
      trueNegatives: 1,
    });
  });

  it('counts a tie as one half in AUROC and flags strictly above the threshold', () => {
    // Poisoned 0.5 and 0.9, clean 0.5 and 0.2: pairs 0.5~0.5 (½), 0.5>0.2, 0.9>0.5, 0.9>0.2 → 3.5/4.
    expect(auroc([0.5, 0.5, 0.2, 0.9], [true, false, false, true])).toBe(0.875);
    const result = detectionMetrics([0.5, 0.5, 0.2, 0.9], [true, false, false, true], 0.5);
    expect([result.precision, result.recall]).toEqual([1, 0.5]);
    expect(auroc([1, 2], [false, false])).toBeNaN();
    expect(detectionMetrics([1, 2], [true, false], 5).precision).toBe(0);
  });

  it('matches scores to a manifest by id', () => {
    const result = detectionMetricsForManifest(['a', 'b', 'c', 'd'], [0.1, 0.4, 0.35, 0.8], ['d', 'c'], 0.3);
    expect([result.precision, result.recall, result.auroc]).toEqual([2 / 3, 1, 0.75]);
    expect(() => poisonedFlags(['a', 'b'], ['z'])).toThrow(/poisoned id "z" is not among the scored ids/);
    expect(poisonedFlags(['a', 'b'], ['z', 'b'], { ignoreUnscored: true })).toEqual([false, true]);
    expect(() => poisonedFlags(['a', 'a'], [])).toThrow(/occurs twice/);
  });
});
