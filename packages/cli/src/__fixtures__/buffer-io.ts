import type { CliIo } from '../command.js';

/** A CliIo that keeps what a command writes, for assertions. */
export function bufferIo(cwd = process.cwd()): CliIo & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    out: () => stdout,
    err: () => stderr,
  };
}
