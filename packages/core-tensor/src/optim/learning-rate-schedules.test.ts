import { describe, expect, it } from 'vitest';
import { constantSchedule, linearWarmupSchedule, warmupCosineSchedule } from './learning-rate-schedules.js';

describe('learning-rate schedules', () => {
  it('warms up linearly from 0 then follows a cosine to the floor', () => {
    const schedule = warmupCosineSchedule({
      peakLearningRate: 1e-3,
      warmupSteps: 10,
      totalSteps: 110,
      floorLearningRate: 1e-5,
    });
    expect(schedule(0)).toBe(0);
    expect(schedule(5)).toBeCloseTo(5e-4, 15); // 1e-3 · 5/10
    expect(schedule(10)).toBeCloseTo(1e-3, 15); // end of warm-up: the peak (cos 0 = 1)
    // A quarter of the way through the cosine: 1e-5 + ½·(0.99e-3)·(1 + cos(π/4)) = 8.5502e-4.
    expect(schedule(35)).toBeCloseTo(1e-5 + 0.495e-3 * (1 + Math.SQRT1_2), 15);
    expect(schedule(35)).toBeCloseTo(8.5502e-4, 8);
    // Half-way: cos(π/2) = 0 → 1e-5 + 0.495e-3 = 5.05e-4.
    expect(schedule(60)).toBeCloseTo(5.05e-4, 15);
    expect(schedule(110)).toBeCloseTo(1e-5, 15);
    expect(schedule(500)).toBe(1e-5);
  });

  it('decays to 0 without a floor and allows no warm-up', () => {
    const schedule = warmupCosineSchedule({ peakLearningRate: 2, warmupSteps: 0, totalSteps: 4 });
    expect([0, 1, 2, 3, 4, 9].map(schedule).map((value) => Number(value.toFixed(12)))).toEqual(
      [2, 1 + Math.SQRT1_2, 1, 1 - Math.SQRT1_2, 0, 0].map((value) => Number(value.toFixed(12))),
    );
  });

  it('gives linear warm-up then constant, and constant', () => {
    const warmup = linearWarmupSchedule({ peakLearningRate: 0.1, warmupSteps: 4 });
    expect([0, 1, 2, 4, 100].map(warmup)).toEqual([0, 0.025, 0.05, 0.1, 0.1]);
    expect([0, 7].map(constantSchedule(3e-4))).toEqual([3e-4, 3e-4]);
  });

  it('rejects bad settings and steps', () => {
    expect(() => warmupCosineSchedule({ peakLearningRate: 1, warmupSteps: 5, totalSteps: 5 })).toThrow(
      /totalSteps \(5\) must be greater than warmupSteps \(5\)/,
    );
    expect(() =>
      warmupCosineSchedule({ peakLearningRate: 1, warmupSteps: 0, totalSteps: 5, floorLearningRate: 2 }),
    ).toThrow(/must not exceed peakLearningRate/);
    expect(() => linearWarmupSchedule({ peakLearningRate: -1, warmupSteps: 1 })).toThrow(/peakLearningRate/);
    expect(() => constantSchedule(1)(-1)).toThrow(/step must be a finite number ≥ 0/);
  });
});
