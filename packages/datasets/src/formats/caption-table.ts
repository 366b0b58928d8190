import { createReadStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'csv-parse';
import { DatasetFormatError, type FormatErrorLocation } from './dataset-format-error.js';
import { readTextLines } from './read-text-lines.js';
import {
  type DatasetOpenOptions,
  type ImageRecord,
  openRecordDataset,
  type RecordDataset,
} from './record-dataset.js';
import { resolveInsideRoot } from './resolve-inside-root.js';

export type CaptionTableFormat = 'csv' | 'tsv' | 'jsonl';

export interface CaptionTableOptions extends DatasetOpenOptions {
  /** The table file. */
  readonly file: string;
  readonly format: CaptionTableFormat;
  /** Column (JSONL: field) with the image path, relative to `root`. */
  readonly imageColumn: string;
  /** Column with the caption; in JSONL it may also hold an array of captions. */
  readonly captionColumn: string;
  /** Column with the class; its values become the class names. */
  readonly labelColumn?: string;
  /** Image paths are resolved against it and must stay inside it; default the table's folder. */
  readonly root?: string;
  /** Field separator for CSV/TSV; default `,` for CSV and a tab for TSV. */
  readonly separator?: string;
  /** Column naming each row's split; default `split` when `split` is given. */
  readonly splitColumn?: string;
  /** Keep only rows whose split column equals this. */
  readonly split?: string;
  /** Class order; default the distinct labels sorted (numerically when all are integers). */
  readonly classNames?: readonly string[];
  /** CSV/TSV without a header line: the column names, in order. */
  readonly columns?: readonly string[];
}

/** One table row, reduced to what a record needs. */
interface TableRow {
  readonly location: FormatErrorLocation;
  readonly image: string;
  readonly captions: readonly string[];
  readonly label: string | undefined;
}

interface GroupedRecord {
  readonly id: string;
  readonly path: string;
  readonly captions: string[];
  label: string | undefined;
  readonly origin: FormatErrorLocation;
}

/**
 * Opens a generic caption table: CSV or TSV (parsed by csv-parse; TSV has no quoting) or JSON lines,
 * with configurable image, caption and optional label columns: the `image,caption` CSV the papers'
 * code reads, and the JSONL manifest `mmpoison data synth` writes. Rows naming the same image are
 * grouped into one record with all their captions, in row order. A missing column, an empty caption
 * or an image path outside the root is an error naming the file, line and field.
 */
export async function openCaptionTable(options: CaptionTableOptions): Promise<RecordDataset> {
  const file = resolve(options.file);
  const root = resolve(options.root ?? dirname(file));
  const rows = options.format === 'jsonl' ? readJsonLines(file, options) : readDelimited(file, options);
  const grouped = new Map<string, GroupedRecord>();
  for await (const row of rows) {
    const path = resolveInsideRoot(root, row.image, row.location);
    const existing = grouped.get(path);
    if (!existing) {
      grouped.set(path, {
        id: row.image,
        path,
        captions: [...row.captions],
        label: row.label,
        origin: row.location,
      });
      continue;
    }
    existing.captions.push(...row.captions);
    if (row.label !== undefined) {
      if (existing.label !== undefined && existing.label !== row.label) {
        throw new DatasetFormatError(
          { ...row.location, field: options.labelColumn },
          `label '${row.label}' for ${row.image} contradicts label '${existing.label}' of an earlier row`,
        );
      }
      existing.label = row.label;
    }
  }
  const classNames = options.labelColumn === undefined ? undefined : classList(grouped, options, file);
  const classIndex = new Map(classNames?.map((name, index) => [name, index]));
  const records: ImageRecord[] = [...grouped.values()].map((record) => {
    const label = record.label === undefined ? undefined : classIndex.get(record.label);
    return {
      id: record.id,
      captions: record.captions,
      path: record.path,
      origin: record.origin,
      ...(label === undefined ? {} : { label }),
    };
  });
  return openRecordDataset({ root, records, classNames }, options);
}

function classList(
  grouped: ReadonlyMap<string, GroupedRecord>,
  options: CaptionTableOptions,
  file: string,
): readonly string[] {
  if (options.classNames) {
    const known = new Set(options.classNames);
    for (const record of grouped.values()) {
      if (record.label !== undefined && !known.has(record.label)) {
        throw new DatasetFormatError(
          { ...record.origin, field: options.labelColumn },
          `label '${record.label}' is not in the given class names`,
        );
      }
    }
    return options.classNames;
  }
  const labels = [
    ...new Set([...grouped.values()].flatMap((record) => (record.label === undefined ? [] : [record.label]))),
  ];
  if (labels.length === 0) {
    throw new DatasetFormatError({ file, field: options.labelColumn }, 'the label column has no values');
  }
  const numeric = labels.every((label) => /^-?\d+$/.test(label));
  return labels.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function wantedColumns(options: CaptionTableOptions): { name: string; role: string }[] {
  const columns = [
    { name: options.imageColumn, role: 'image' },
    { name: options.captionColumn, role: 'caption' },
  ];
  if (options.labelColumn !== undefined) columns.push({ name: options.labelColumn, role: 'label' });
  const splitColumn = splitColumnOf(options);
  if (splitColumn !== undefined) columns.push({ name: splitColumn, role: 'split' });
  return columns;
}

function splitColumnOf(options: CaptionTableOptions): string | undefined {
  return options.split === undefined ? undefined : (options.splitColumn ?? 'split');
}

async function* readDelimited(file: string, options: CaptionTableOptions): AsyncGenerator<TableRow> {
  const delimiter = options.separator ?? (options.format === 'tsv' ? '\t' : ',');
  const header = options.columns;
  const checkHeader = (columns: string[]): string[] => {
    for (const { name, role } of wantedColumns(options)) {
      if (!columns.includes(name)) {
        throw new DatasetFormatError(
          { file, line: 1, field: name },
          `the ${role} column '${name}' does not exist (columns: ${columns.join(', ')})`,
        );
      }
    }
    return columns;
  };
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    skip_empty_lines: true,
    columns: header
      ? checkHeader([...header])
      : (names: string[]) => checkHeader(names.map((name) => name.trim())),
    // TSV (IANA) has no quoting; captions scraped from the web contain stray quotes.
    ...(options.format === 'tsv' ? { quote: false } : {}),
  });
  const input = createReadStream(file);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  const splitColumn = splitColumnOf(options);
  try {
    for await (const entry of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const location = { file, line: entry.info.lines };
      const row = entry.record;
      if (splitColumn !== undefined && row[splitColumn] !== options.split) continue;
      const caption = (row[options.captionColumn] ?? '').trim();
      if (caption === '')
        throw new DatasetFormatError({ ...location, field: options.captionColumn }, 'empty caption');
      const image = (row[options.imageColumn] ?? '').trim();
      if (image === '')
        throw new DatasetFormatError({ ...location, field: options.imageColumn }, 'empty image path');
      const label = options.labelColumn === undefined ? undefined : (row[options.labelColumn] ?? '').trim();
      yield { location, image, captions: [caption], label: label === '' ? undefined : label };
    }
  } catch (error) {
    throw asFormatError(error, file);
  } finally {
    input.destroy();
  }
}

function asFormatError(error: unknown, file: string): unknown {
  if (error instanceof DatasetFormatError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return new DatasetFormatError({ file }, 'file not found', { cause: error });
  const lines = (error as { lines?: number }).lines;
  return new DatasetFormatError(
    { file, ...(typeof lines === 'number' ? { line: lines } : {}) },
    `cannot parse: ${(error as Error).message}`,
    { cause: error },
  );
}

async function* readJsonLines(file: string, options: CaptionTableOptions): AsyncGenerator<TableRow> {
  const splitColumn = splitColumnOf(options);
  for await (const { line, text } of readTextLines(file)) {
    if (text.trim() === '') continue;
    const location = { file, line };
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      throw new DatasetFormatError(location, `not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new DatasetFormatError(location, 'expected a JSON object per line');
    }
    const fields = row as Record<string, unknown>;
    for (const { name, role } of wantedColumns(options)) {
      if (!(name in fields)) {
        throw new DatasetFormatError(
          { ...location, field: name },
          `the ${role} field '${name}' does not exist (fields: ${Object.keys(fields).join(', ')})`,
        );
      }
    }
    if (splitColumn !== undefined && String(fields[splitColumn]) !== options.split) continue;
    const image = fields[options.imageColumn];
    if (typeof image !== 'string' || image.trim() === '') {
      throw new DatasetFormatError({ ...location, field: options.imageColumn }, 'expected an image path');
    }
    const value = fields[options.captionColumn];
    const captions = (Array.isArray(value) ? value : [value]).map((caption) => {
      if (typeof caption !== 'string' || caption.trim() === '') {
        throw new DatasetFormatError(
          { ...location, field: options.captionColumn },
          'empty or non-text caption',
        );
      }
      return caption.trim();
    });
    if (captions.length === 0) {
      throw new DatasetFormatError({ ...location, field: options.captionColumn }, 'empty caption list');
    }
    const rawLabel = options.labelColumn === undefined ? undefined : fields[options.labelColumn];
    if (
      rawLabel !== undefined &&
      rawLabel !== null &&
      typeof rawLabel !== 'string' &&
      typeof rawLabel !== 'number'
    ) {
      throw new DatasetFormatError(
        { ...location, field: options.labelColumn },
        'expected a class name or number',
      );
    }
    const label =
      rawLabel === undefined || rawLabel === null || rawLabel === '' ? undefined : String(rawLabel);
    yield { location, image: image.trim(), captions, label };
  }
}
