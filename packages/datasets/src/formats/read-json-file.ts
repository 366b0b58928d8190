import { readFile } from 'node:fs/promises';
import { DatasetFormatError } from './dataset-format-error.js';

/** Reads and parses a JSON annotation file; a missing file or bad JSON is an error naming it. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DatasetFormatError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read (${code})`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DatasetFormatError({ file }, `not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** `value` as an array, or an error naming the file and field. */
export function expectArray(value: unknown, file: string, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new DatasetFormatError({ file, field }, 'expected an array');
  return value;
}

/** `value` as a plain object, or an error naming the file and field. */
export function expectObject(value: unknown, file: string, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatasetFormatError({ file, field }, 'expected an object');
  }
  return value as Record<string, unknown>;
}
