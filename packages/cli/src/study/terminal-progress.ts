import { consoleProgressReporter, formatProgressEvent, type ProgressReporter } from '@mmpoison/core-tensor';
import type { CliIo } from '../command.js';

/**
 * Progress for a command: the console reporter (one line updated in place on a terminal) when the
 * command writes to the real stderr, otherwise (tests, captured output) only each task's last line.
 */
export function studyProgress(io: CliIo): ProgressReporter {
  if (io.stderr === process.stderr) return consoleProgressReporter(process.stderr);
  return {
    report(event) {
      const finished =
        (event as { readonly finished?: unknown }).finished === true ||
        (event.total !== undefined && event.done >= event.total);
      if (finished) io.stderr.write(`${formatProgressEvent(event)}\n`);
    },
  };
}
