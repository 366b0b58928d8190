import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../contracts/progress.js';
import { ProgressTracker } from './progress-tracker.js';

function recorder() {
  const events: ProgressEvent[] = [];
  return { events, reporter: { report: (event: ProgressEvent) => events.push(event) } };
}

describe('ProgressTracker', () => {
  it('throttles reports and computes a smoothed rate and the ETA from an injected clock', () => {
    let time = 0;
    const { events, reporter } = recorder();
    const tracker = new ProgressTracker('embed', {
      total: 100,
      unit: 'images',
      reporter,
      minIntervalMs: 1000,
      smoothing: 0.5,
      now: () => time,
    });
    time = 500;
    tracker.advance(10); // 500 ms since the start: too soon to report
    expect(events).toHaveLength(0);
    time = 1000;
    tracker.advance(10);
    // First interval: 20 images in 1 s → 20/s; ETA (100 − 20) / 20 = 4 s.
    expect(events[0]).toEqual({
      task: 'embed',
      done: 20,
      total: 100,
      unit: 'images',
      perSecond: 20,
      etaSeconds: 4,
    });
    time = 1500;
    tracker.advance(5);
    time = 2000;
    tracker.advance(5);
    // Interval rate 10 images / 1 s = 10/s; smoothed ½·10 + ½·20 = 15/s; ETA 70 / 15 s.
    expect(events).toHaveLength(2);
    expect(events[1]?.perSecond).toBe(15);
    expect(events[1]?.etaSeconds).toBeCloseTo(70 / 15, 12);
    time = 4000;
    tracker.advance(30, 'batch 6');
    // Interval rate 30 / 2 s = 15/s; smoothed ½·15 + ½·15 = 15/s; ETA 40 / 15 s.
    expect(events[2]).toMatchObject({ done: 60, perSecond: 15, message: 'batch 6' });
    expect(events[2]?.etaSeconds).toBeCloseTo(40 / 15, 12);
    time = 5000;
    tracker.finish('stopped early');
    // Always reported on finish, with the overall average 60 / 5 s = 12/s.
    expect(events[3]).toEqual({
      task: 'embed',
      done: 60,
      total: 100,
      unit: 'images',
      perSecond: 12,
      etaSeconds: 0,
      message: 'stopped early',
      finished: true,
    });
    tracker.finish();
    expect(events).toHaveLength(4);
    expect(() => tracker.advance()).toThrow(/advance\(\) after finish\(\)/);
  });

  it('gives no ETA without a total and reports a finish that came before any interval', () => {
    let time = 0;
    const { events, reporter } = recorder();
    const tracker = new ProgressTracker('scan', { reporter, minIntervalMs: 100, now: () => time });
    time = 200;
    tracker.advance(4);
    expect(events[0]).toEqual({ task: 'scan', done: 4, perSecond: 20 });
    const quick = new ProgressTracker('quick', { total: 3, reporter, now: () => time });
    quick.advance(3);
    quick.finish();
    expect(events[1]).toEqual({ task: 'quick', done: 3, total: 3, etaSeconds: 0, finished: true });
    expect(() => new ProgressTracker('bad', { total: -1 })).toThrow(/total must be a finite number ≥ 0/);
  });
});
