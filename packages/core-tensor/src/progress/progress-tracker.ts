import type { ProgressEvent, ProgressReporter } from '../contracts/progress.js';

export interface ProgressTrackerOptions {
  /** Units in total, when known; enables the ETA. */
  readonly total?: number;
  /** Name of a unit for display, e.g. `images`. */
  readonly unit?: string;
  /** Where events go; none means nowhere. */
  readonly reporter?: ProgressReporter;
  /** Least time between two reports while running, in milliseconds; default 1000. */
  readonly minIntervalMs?: number;
  /** Weight of the newest interval in the smoothed rate, in (0, 1]; default 0.3. */
  readonly smoothing?: number;
  /** Clock in milliseconds; default `Date.now` (injected in tests). */
  readonly now?: () => number;
}

/**
 * Counts units of long work and reports progress with a smoothed rate and an ETA, at most once per
 * `minIntervalMs` while running and always once on `finish`.
 *
 * The rate is an exponential moving average of the rate over each reporting interval:
 * r ← s·(Δdone / Δt) + (1 − s)·r, starting from the first interval's rate; the ETA is
 * (total − done) / r. The final report gives the overall average rate instead.
 */
export class ProgressTracker {
  readonly task: string;
  private readonly total: number | undefined;
  private readonly unit: string | undefined;
  private readonly reporter: ProgressReporter | undefined;
  private readonly minIntervalMs: number;
  private readonly smoothing: number;
  private readonly now: () => number;
  private readonly startTime: number;
  private completed = 0;
  private lastReportTime: number;
  private sampleTime: number;
  private sampleDone = 0;
  private rate: number | undefined;
  private message: string | undefined;
  private finished = false;

  constructor(task: string, options: ProgressTrackerOptions = {}) {
    this.task = task;
    this.total = options.total;
    this.unit = options.unit;
    this.reporter = options.reporter;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.smoothing = options.smoothing ?? 0.3;
    this.now = options.now ?? Date.now;
    if (this.total !== undefined && !(Number.isFinite(this.total) && this.total >= 0)) {
      throw new Error(`ProgressTracker '${task}': total must be a finite number ≥ 0, got ${this.total}`);
    }
    if (!(this.smoothing > 0 && this.smoothing <= 1)) {
      throw new Error(`ProgressTracker '${task}': smoothing must be in (0, 1], got ${this.smoothing}`);
    }
    this.startTime = this.now();
    this.lastReportTime = this.startTime;
    this.sampleTime = this.startTime;
  }

  /** Units done so far. */
  get done(): number {
    return this.completed;
  }

  /** Units per second as last estimated (undefined before the first report). */
  get perSecond(): number | undefined {
    return this.rate;
  }

  /** Records `count` more units done (default 1) and reports if enough time has passed. */
  advance(count = 1, message?: string): void {
    if (this.finished) {
      throw new Error(`ProgressTracker '${this.task}': advance() after finish()`);
    }
    if (!(Number.isFinite(count) && count >= 0)) {
      throw new Error(`ProgressTracker '${this.task}': count must be a finite number ≥ 0, got ${count}`);
    }
    this.completed += count;
    if (message !== undefined) {
      this.message = message;
    }
    const time = this.now();
    if (time - this.lastReportTime >= this.minIntervalMs) {
      this.updateRate(time);
      this.lastReportTime = time;
      this.emit(this.rate, this.estimateEta(), false);
    }
  }

  /** Reports the end of the work, with the overall average rate. Later calls do nothing. */
  finish(message?: string): void {
    if (this.finished) {
      return;
    }
    this.finished = true;
    if (message !== undefined) {
      this.message = message;
    }
    const elapsedSeconds = (this.now() - this.startTime) / 1000;
    const average = elapsedSeconds > 0 ? this.completed / elapsedSeconds : this.rate;
    this.rate = average;
    this.emit(average, this.total === undefined ? undefined : 0, true);
  }

  private updateRate(time: number): void {
    const seconds = (time - this.sampleTime) / 1000;
    if (seconds <= 0) {
      return;
    }
    const latest = (this.completed - this.sampleDone) / seconds;
    this.rate = this.rate === undefined ? latest : this.smoothing * latest + (1 - this.smoothing) * this.rate;
    this.sampleTime = time;
    this.sampleDone = this.completed;
  }

  private estimateEta(): number | undefined {
    if (this.total === undefined || this.rate === undefined || this.rate <= 0) {
      return undefined;
    }
    return Math.max(0, this.total - this.completed) / this.rate;
  }

  private emit(perSecond: number | undefined, etaSeconds: number | undefined, finished: boolean): void {
    if (this.reporter === undefined) {
      return;
    }
    const event: ProgressEvent = {
      task: this.task,
      done: this.completed,
      ...(this.total === undefined ? {} : { total: this.total }),
      ...(this.unit === undefined ? {} : { unit: this.unit }),
      ...(perSecond === undefined ? {} : { perSecond }),
      ...(etaSeconds === undefined ? {} : { etaSeconds }),
      ...(this.message === undefined ? {} : { message: this.message }),
      ...(finished ? { finished: true } : {}),
    };
    this.reporter.report(event);
  }
}
