/** Where a command writes: the real process streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Working directory that relative paths are resolved against. */
  readonly cwd: string;
}

/**
 * One sub-command of `mmpoison`. Each lives in its own file under `commands/` and is listed in
 * `commands/index.ts`. `run` parses its own arguments (node:util `parseArgs`), returns the exit
 * code, and throws {@link UsageError} for bad arguments so the dispatcher prints the usage.
 */
export interface CliCommand {
  /** The words that select it, e.g. `['data', 'stats']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Full usage text, printed by `mmpoison help <command>` and on a UsageError. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
