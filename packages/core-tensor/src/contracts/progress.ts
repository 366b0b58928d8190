/** One progress update of long work (training, embedding, decoding, scanning). */
export interface ProgressEvent {
  /** What is running, e.g. `"train"`, `"embed images"`, `"decode"`. */
  readonly task: string;
  /** Units done so far (items, steps). */
  readonly done: number;
  /** Units in total, when known. */
  readonly total?: number;
  /** The unit's name for display, e.g. `"images"`, `"steps"`. */
  readonly unit?: string;
  /** Recent throughput. */
  readonly perSecond?: number;
  /** Estimated seconds remaining. */
  readonly etaSeconds?: number;
  /** Anything else worth showing (the current loss, say). */
  readonly message?: string;
  /** True on the last event of a task, so a reporter can close its line. */
  readonly finished?: boolean;
}

/** Receives progress; the CLI prints it, a library user may log it or ignore it. */
export interface ProgressReporter {
  report(event: ProgressEvent): void;
}
