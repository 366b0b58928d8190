import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DatasetFormatError } from './dataset-format-error.js';

/** The lines of a text file with 1-based numbers, streamed (token files have 150k lines). */
export async function* readTextLines(
  file: string,
): AsyncGenerator<{ readonly line: number; readonly text: string }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DatasetFormatError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read (${code})`, {
      cause: error,
    });
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      // A UTF-8 byte-order mark is not part of the first field.
      yield { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
