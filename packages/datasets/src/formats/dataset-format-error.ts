/** Where in an annotation file a problem is: the file, and when known the line and the field. */
export interface FormatErrorLocation {
  readonly file: string;
  /** 1-based line number in text files (CSV, TSV, JSONL, token files, sentence files). */
  readonly line?: number | undefined;
  /** The field or JSON path, e.g. `caption` or `annotations[3].caption`. */
  readonly field?: string | undefined;
}

/**
 * A dataset's annotations are wrong in a way a user must fix (an empty caption, a missing column, a
 * path escaping the dataset root). The message starts with `file:line` and names the field.
 */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(location: FormatErrorLocation, problem: string, options?: { readonly cause?: unknown }) {
    const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
    const field = location.field === undefined ? '' : ` (field '${location.field}')`;
    super(`${where}${field}: ${problem}`, options);
    this.file = location.file;
    this.line = location.line;
    this.field = location.field;
  }
}
