import type { ProgressReporter } from '@mmpoison/core-tensor';

/** Minimum time between two reports, so a fast scan does not flood the terminal. */
const REPORT_INTERVAL_MS = 250;

/**
 * Counts finished units of long work (a scan, a decode) and forwards throttled progress events with
 * throughput and ETA to a {@link ProgressReporter}; the last unit is always reported.
 */
export class ProgressMeter {
  private readonly started = Date.now();
  private lastReport = 0;
  private done = 0;

  constructor(
    private readonly reporter: ProgressReporter | undefined,
    private readonly task: string,
    private readonly total: number | undefined,
    private readonly unit: string,
  ) {}

  tick(count = 1): void {
    this.done += count;
    if (!this.reporter) return;
    const now = Date.now();
    const finished = this.total !== undefined && this.done >= this.total;
    if (!finished && now - this.lastReport < REPORT_INTERVAL_MS) return;
    this.lastReport = now;
    const perSecond = this.done / Math.max((now - this.started) / 1000, 1e-3);
    this.reporter.report({
      task: this.task,
      done: this.done,
      unit: this.unit,
      perSecond,
      ...(this.total === undefined
        ? {}
        : { total: this.total, etaSeconds: Math.max(0, this.total - this.done) / perSecond }),
    });
  }
}
