import { describe, expect, it } from 'vitest';
import {
  consoleProgressReporter,
  formatDuration,
  formatProgressEvent,
  silentProgressReporter,
} from './console-progress-reporter.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { chunks, stream };
}

describe('consoleProgressReporter', () => {
  it('formats counts, percentage, rate, ETA and message', () => {
    expect(
      formatProgressEvent({
        task: 'train',
        done: 120,
        total: 1000,
        unit: 'steps',
        perSecond: 35.24,
        etaSeconds: 25,
        message: 'loss 0.53',
      }),
    ).toBe('train: 120/1000 steps (12.0%) | 35.2 steps/s | ETA 25s | loss 0.53');
    expect(formatProgressEvent({ task: 'decode', done: 7, perSecond: 1234.5 })).toBe(
      'decode: 7 items | 1235 items/s',
    );
    expect([0, 42, 185, 7620].map(formatDuration)).toEqual(['0s', '42s', '3m05s', '2h07m']);
  });

  it('updates one line in place on a terminal and ends it when the task finishes', () => {
    const { chunks, stream } = fakeStream(true);
    const reporter = consoleProgressReporter(stream);
    reporter.report({ task: 'a', done: 1, total: 4 });
    reporter.report({ task: 'a', done: 2, total: 4 });
    reporter.report({ task: 'b', done: 1 });
    reporter.report({ task: 'b', done: 5, finished: true });
    expect(chunks).toEqual([
      '\ra: 1/4 items (25.0%)\u001b[K',
      '\ra: 2/4 items (50.0%)\u001b[K',
      '\n',
      '\rb: 1 items\u001b[K',
      '\rb: 5 items\u001b[K\n',
    ]);
  });

  it('prints plain lines at most every plainIntervalMs elsewhere, and always the last', () => {
    let time = 0;
    const { chunks, stream } = fakeStream(false);
    const reporter = consoleProgressReporter(stream, { plainIntervalMs: 5000, now: () => time });
    reporter.report({ task: 'a', done: 1, total: 10 });
    time = 1000;
    reporter.report({ task: 'a', done: 2, total: 10 });
    time = 5000;
    reporter.report({ task: 'a', done: 5, total: 10 });
    time = 5500;
    reporter.report({ task: 'a', done: 10, total: 10 });
    expect(chunks).toEqual([
      'a: 1/10 items (10.0%)\n',
      'a: 5/10 items (50.0%)\n',
      'a: 10/10 items (100.0%)\n',
    ]);
    silentProgressReporter.report({ task: 'a', done: 1 });
  });
});
