import type { ProgressEvent, ProgressReporter } from '../contracts/progress.js';

/** Seconds as `42s`, `3m05s` or `2h07m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) {
    return `${whole}s`;
  }
  if (whole < 3600) {
    return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  }
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 100) {
    return perSecond.toFixed(0);
  }
  return perSecond >= 10 ? perSecond.toFixed(1) : perSecond.toFixed(2);
}

/** One line for an event: `train: 120/1000 steps (12.0%) | 35.2 steps/s | ETA 25s | loss 0.53`. */
export function formatProgressEvent(event: ProgressEvent): string {
  const unit = event.unit ?? 'items';
  let count = `${event.done}`;
  if (event.total !== undefined) {
    const percent = event.total > 0 ? ` (${((100 * event.done) / event.total).toFixed(1)}%)` : '';
    count = `${event.done}/${event.total}`;
    count += ` ${unit}${percent}`;
  } else {
    count += ` ${unit}`;
  }
  const parts = [`${event.task}: ${count}`];
  if (event.perSecond !== undefined) {
    parts.push(`${formatRate(event.perSecond)} ${unit}/s`);
  }
  if (event.etaSeconds !== undefined) {
    parts.push(`ETA ${formatDuration(event.etaSeconds)}`);
  }
  if (event.message !== undefined && event.message !== '') {
    parts.push(event.message);
  }
  return parts.join(' | ');
}

function isFinished(event: ProgressEvent): boolean {
  return event.finished === true || (event.total !== undefined && event.done >= event.total);
}

export interface ConsoleProgressOptions {
  /** On a non-TTY stream, least time between two lines of the same task; default 5000 ms. */
  readonly plainIntervalMs?: number;
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Prints progress to a stream (default stderr). On a terminal, one line per task updated in place
 * (`\r`) and ended when the task finishes; otherwise (logs, CI) plain lines, the first and last of
 * each task and at most one per `plainIntervalMs` in between.
 */
export function consoleProgressReporter(
  stream: NodeJS.WritableStream = process.stderr,
  options: ConsoleProgressOptions = {},
): ProgressReporter {
  const interactive = (stream as { readonly isTTY?: boolean }).isTTY === true;
  const plainIntervalMs = options.plainIntervalMs ?? 5000;
  const now = options.now ?? Date.now;
  let openTask: string | undefined;
  const lastPrinted = new Map<string, number>();
  return {
    report(event) {
      const line = formatProgressEvent(event);
      const finished = isFinished(event);
      if (interactive) {
        if (openTask !== undefined && openTask !== event.task) {
          stream.write('\n');
        }
        stream.write(`\r${line}\u001b[K${finished ? '\n' : ''}`);
        openTask = finished ? undefined : event.task;
        return;
      }
      const time = now();
      const previous = lastPrinted.get(event.task);
      if (finished || previous === undefined || time - previous >= plainIntervalMs) {
        stream.write(`${line}\n`);
        if (finished) {
          lastPrinted.delete(event.task);
        } else {
          lastPrinted.set(event.task, time);
        }
      }
    },
  };
}

/** Drops every event. */
export const silentProgressReporter: ProgressReporter = {
  report() {},
};
