import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DatasetFormatError, type FormatErrorLocation } from './dataset-format-error.js';
import { expectArray, expectObject, readJsonFile } from './read-json-file.js';
import { readTextLines } from './read-text-lines.js';
import {
  type DatasetOpenOptions,
  type ImageRecord,
  openRecordDataset,
  type RecordDataset,
} from './record-dataset.js';
import { resolveInsideRoot } from './resolve-inside-root.js';

export interface Flickr30kOptions extends DatasetOpenOptions {
  readonly root: string;
  /**
   * The caption file, relative to `root`: the Karpathy split JSON (`dataset_flickr30k.json`), the
   * Kaggle `results.csv` (`image_name| comment_number| comment`) or the original token file
   * (`results_20130124.token`: `name.jpg#0<TAB>caption`). Default: the first of these present.
   */
  readonly annotations?: string;
  /** Image folder relative to `root`; default `flickr30k-images`. */
  readonly imagesDir?: string;
  /** Karpathy split to keep (`train`, `val`, `test`); only the Karpathy JSON has splits. */
  readonly split?: string;
}

/** The caption files {@link openFlickr30k} looks for, in order, when `annotations` is not given. */
export const FLICKR30K_ANNOTATION_FILES = [
  'dataset_flickr30k.json',
  'results.csv',
  'results_20130124.token',
] as const;

interface PendingRecord {
  readonly fileName: string;
  readonly captions: string[];
  readonly origin: FormatErrorLocation;
}

/**
 * Opens Flickr30k (no class labels): five captions per image, grouped into one record per image,
 * records in the order the caption file first names them, ids the image file names.
 */
export async function openFlickr30k(options: Flickr30kOptions): Promise<RecordDataset> {
  const root = resolve(options.root);
  const file = await findAnnotations(root, options.annotations);
  const imagesRoot = resolveInsideRoot(root, options.imagesDir ?? 'flickr30k-images', {
    file,
    field: 'imagesDir',
  });
  let pending: PendingRecord[];
  if (file.endsWith('.json')) {
    pending = await readKarpathy(file, options.split);
  } else {
    if (options.split !== undefined) {
      throw new DatasetFormatError(
        { file },
        `split '${options.split}' was asked for, but only the Karpathy JSON (dataset_flickr30k.json) has splits`,
      );
    }
    pending = await readCaptionLines(file);
  }
  const records: ImageRecord[] = pending.map((record) => ({
    id: record.fileName,
    captions: record.captions,
    path: resolveInsideRoot(imagesRoot, record.fileName, record.origin),
    origin: record.origin,
  }));
  return openRecordDataset({ root, records, classNames: undefined }, options);
}

async function findAnnotations(root: string, annotations: string | undefined): Promise<string> {
  if (annotations !== undefined) return resolve(root, annotations);
  for (const name of FLICKR30K_ANNOTATION_FILES) {
    const candidate = resolve(root, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Try the next layout.
    }
  }
  throw new DatasetFormatError(
    { file: root },
    `no Flickr30k caption file found (looked for ${FLICKR30K_ANNOTATION_FILES.join(', ')})`,
  );
}

/** Karpathy's `dataset_flickr30k.json`: `images[].{filename, split, sentences[].raw}`. */
async function readKarpathy(file: string, split: string | undefined): Promise<PendingRecord[]> {
  const json = expectObject(await readJsonFile(file), file, '(top level)');
  const records: PendingRecord[] = [];
  const splits = new Set<string>();
  for (const [i, entry] of expectArray(json['images'], file, 'images').entries()) {
    const field = `images[${i}]`;
    const image = expectObject(entry, file, field);
    const fileName = image['filename'];
    if (typeof fileName !== 'string' || fileName.trim() === '') {
      throw new DatasetFormatError({ file, field: `${field}.filename` }, 'expected a file name');
    }
    const imageSplit = typeof image['split'] === 'string' ? image['split'] : undefined;
    if (imageSplit !== undefined) splits.add(imageSplit);
    if (split !== undefined && imageSplit !== split) continue;
    const captions = expectArray(image['sentences'], file, `${field}.sentences`).map((sentence, j) => {
      const raw = expectObject(sentence, file, `${field}.sentences[${j}]`)['raw'];
      if (typeof raw !== 'string' || raw.trim() === '') {
        throw new DatasetFormatError(
          { file, field: `${field}.sentences[${j}].raw` },
          `empty caption for ${fileName}`,
        );
      }
      return raw.trim();
    });
    records.push({ fileName, captions, origin: { file, field } });
  }
  if (split !== undefined && records.length === 0) {
    throw new DatasetFormatError(
      { file, field: 'images[].split' },
      `no image is in split '${split}' (splits present: ${[...splits].sort().join(', ') || 'none'})`,
    );
  }
  return records;
}

/** `results.csv` (`name.jpg| 0| caption`) or the token file (`name.jpg#0<TAB>caption`). */
async function readCaptionLines(file: string): Promise<PendingRecord[]> {
  const tokenForm = !basename(file).endsWith('.csv');
  const byImage = new Map<string, PendingRecord>();
  for await (const { line, text } of readTextLines(file)) {
    if (text.trim() === '') continue;
    const parsed = tokenForm ? parseTokenLine(text) : parseCsvLine(text);
    if (parsed === 'header') {
      if (line === 1) continue;
      throw new DatasetFormatError({ file, line }, 'a header line in the middle of the file');
    }
    if (parsed === undefined) {
      const expected = tokenForm ? "'name.jpg#n<TAB>caption'" : "'image_name| comment_number| comment'";
      throw new DatasetFormatError({ file, line }, `expected ${expected}, got '${text.slice(0, 80)}'`);
    }
    const origin = { file, line };
    if (parsed.caption === '') {
      throw new DatasetFormatError(
        { ...origin, field: tokenForm ? 'caption' : 'comment' },
        `empty caption for ${parsed.fileName}`,
      );
    }
    let record = byImage.get(parsed.fileName);
    if (!record) {
      record = { fileName: parsed.fileName, captions: [], origin };
      byImage.set(parsed.fileName, record);
    }
    record.captions.push(parsed.caption);
  }
  return [...byImage.values()];
}

function parseTokenLine(text: string): { fileName: string; caption: string } | undefined {
  const tab = text.indexOf('\t');
  if (tab < 0) return undefined;
  const name = text.slice(0, tab);
  const hash = name.lastIndexOf('#');
  const fileName = (hash < 0 ? name : name.slice(0, hash)).trim();
  if (fileName === '') return undefined;
  return { fileName, caption: text.slice(tab + 1).trim() };
}

function parseCsvLine(text: string): { fileName: string; caption: string } | 'header' | undefined {
  const first = text.indexOf('|');
  if (first < 0) return undefined;
  const fileName = text.slice(0, first).trim();
  if (fileName === 'image_name') return 'header';
  const rest = text.slice(first + 1);
  const second = rest.indexOf('|');
  if (second >= 0 && /^\s*\d+\s*$/.test(rest.slice(0, second))) {
    return { fileName, caption: rest.slice(second + 1).trim() };
  }
  // The Kaggle file has a line whose second separator is missing ("name.jpg| 4 A dog …"):
  // the comment number is still the leading integer.
  const match = /^\s*\d+\s+(.*)$/.exec(rest);
  return match ? { fileName, caption: (match[1] ?? '').trim() } : undefined;
}
