/** A checkpoint file that is truncated, corrupt or not in the expected format. */
export class CheckpointFormatError extends Error {
  /** The file (or other source) that was being read. */
  readonly source: string;
  /** What is wrong with it. */
  readonly problem: string;

  constructor(source: string, problem: string, options?: { cause?: unknown }) {
    super(`${source}: ${problem}`, options);
    this.name = 'CheckpointFormatError';
    this.source = source;
    this.problem = problem;
  }
}
