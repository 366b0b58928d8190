import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { DatasetFormatError } from './dataset-format-error.js';
import type { SkippedRecord } from './dataset-report.js';
import { listImageFiles, listSubfolders } from './list-image-files.js';
import {
  type DatasetOpenOptions,
  type ImageRecord,
  openRecordDataset,
  type RecordDataset,
} from './record-dataset.js';

export interface PascalSentencesOptions extends DatasetOpenOptions {
  readonly root: string;
  /** Folder with one sub-folder of images per class; default `dataset`. */
  readonly imagesDir?: string;
  /** Folder with one sub-folder of sentence files per class; default `sentence`. */
  readonly sentencesDir?: string;
}

/**
 * Opens the UIUC PASCAL sentences (Rashtchian et al., 2010; 20 classes × 50 images × 5 sentences)
 * in the layout of its usual download script: `dataset/<class>/<name>.jpg` and
 * `sentence/<class>/<name>.txt`, one sentence per line. That script writes sentence files without
 * the dot (`<name>txt`), so both spellings are read. Labels are the sorted class-folder indices;
 * ids are `<class>/<name>`. An image without a sentence file is skipped and reported; a sentence
 * file with no sentence, or a blank line between sentences, is an error. The paper's 1:1 split is
 * `balancedSplit(dataset, 25, seed)`.
 */
export async function openPascalSentences(options: PascalSentencesOptions): Promise<RecordDataset> {
  const root = resolve(options.root);
  const imagesRoot = join(root, options.imagesDir ?? 'dataset');
  const sentencesRoot = join(root, options.sentencesDir ?? 'sentence');
  const classNames = await listSubfolders(imagesRoot);
  if (classNames.length === 0) throw new DatasetFormatError({ file: imagesRoot }, 'no class folders');
  const records: ImageRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const [label, className] of classNames.entries()) {
    for (const name of await listImageFiles(join(imagesRoot, className))) {
      const path = join(imagesRoot, className, name);
      const stem = basename(name, extname(name));
      const id = `${className}/${stem}`;
      const sentences = await readSentences(join(sentencesRoot, className), stem);
      if (!sentences) {
        skipped.push({
          path,
          reason: `no sentence file ${join(sentencesRoot, className, `${stem}.txt`)}`,
          id,
        });
        continue;
      }
      records.push({ id, captions: sentences.captions, label, path, origin: { file: sentences.file } });
    }
  }
  return openRecordDataset({ root, records, classNames, skipped }, options);
}

async function readSentences(
  folder: string,
  stem: string,
): Promise<{ file: string; captions: string[] } | undefined> {
  for (const file of [join(folder, `${stem}.txt`), join(folder, `${stem}txt`)]) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    if (lines.length === 0) throw new DatasetFormatError({ file }, 'the sentence file has no sentences');
    const captions = lines.map((line, i) => {
      if (line.trim() === '') throw new DatasetFormatError({ file, line: i + 1 }, 'empty sentence');
      return line.trim();
    });
    return { file, captions };
  }
  return undefined;
}
