import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { ImageCaptionDataset, ProgressReporter, RgbImage } from '@mmpoison/core-tensor';
import type { PoisonManifest } from '../attacks/poison-manifest.js';

export interface ExportOptions {
  /** PNG encoder for the images that must be written (this package does not depend on sharp). */
  readonly encodePng: (image: RgbImage) => Promise<Uint8Array>;
  /**
   * `'needed'` (default): write only images that exist nowhere on disk (triggered or noised
   * poisons, records without an absolute file path) and point to the original files otherwise;
   * `'all'`: write every image, making the output folder self-contained.
   */
  readonly materialize?: 'needed' | 'all';
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** What {@link exportPoisonedDataset} wrote. */
export interface ExportSummary {
  readonly records: number;
  readonly poisoned: number;
  /** Images written as PNG. */
  readonly imagesWritten: number;
  /** Every file written, absolute. */
  readonly files: {
    readonly jsonl: string;
    readonly openClipTsv: string;
    readonly manifest: string;
    readonly imageFolder: string;
  };
}

/** One line of `train.jsonl`. */
export interface ExportedRecord {
  readonly id: string;
  /** Image path: relative to the output folder when every image is inside it, else absolute. */
  readonly image: string;
  readonly captions: readonly string[];
  /** Class name, when the dataset is labelled. */
  readonly label?: string;
  readonly poisoned: boolean;
}

export const exportFileNames = {
  jsonl: 'train.jsonl',
  openClipTsv: 'openclip-train.tsv',
  manifest: 'poison-manifest.json',
  imageFolder: 'images',
} as const;

/**
 * Writes a poisoned training set so other tools can train on it:
 *  - `train.jsonl`: one record per line, `{ id, image, captions, label?, poisoned }` (readable by
 *    @mmpoison/datasets' `openCaptionTable` with format `jsonl`, image field `image`, captions `captions`);
 *  - `images/*.png`: the images that had to be materialised;
 *  - `openclip-train.tsv`: OpenCLIP's CSV layout, TAB-separated (OpenCLIP's default `--csv-separator`),
 *    header `filepath	title`, one row per caption, absolute paths; a field containing a quote is
 *    quoted CSV-style (pandas reads that), tabs and line breaks inside captions become spaces;
 *  - `poison-manifest.json`, written last.
 */
export async function exportPoisonedDataset(
  dataset: ImageCaptionDataset,
  manifest: PoisonManifest,
  outDir: string,
  options: ExportOptions,
): Promise<ExportSummary> {
  if (dataset.size !== manifest.counts.total) {
    throw new Error(
      `exportPoisonedDataset: the dataset has ${dataset.size} records but the manifest describes ${manifest.counts.total}; pass the dataset the manifest came with`,
    );
  }
  const materializeAll = (options.materialize ?? 'needed') === 'all';
  const root = resolve(outDir);
  const imageFolder = join(root, exportFileNames.imageFolder);
  await mkdir(imageFolder, { recursive: true });
  const poisoned = new Set(manifest.poisons.map((poison) => poison.index));
  for (const poison of manifest.poisons) {
    if (dataset.meta(poison.index).id !== poison.id) {
      throw new Error(
        `exportPoisonedDataset: record ${poison.index} is '${dataset.meta(poison.index).id}', the manifest says '${poison.id}'`,
      );
    }
  }

  // First pass over the metadata: which images must be written, and under which unique file name.
  const plans: { index: number; file: string | undefined; existing: string | undefined }[] = [];
  const usedNames = new Set<string>();
  let toWrite = 0;
  for (let index = 0; index < dataset.size; index++) {
    const meta = dataset.meta(index);
    const existing =
      !materializeAll && meta.source !== undefined && isAbsolute(meta.source) ? meta.source : undefined;
    let file: string | undefined;
    if (existing === undefined) {
      let name = meta.id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || `record-${index}`;
      if (usedNames.has(name)) name = `${name}-${index}`;
      usedNames.add(name);
      file = `${name}.png`;
      toWrite++;
    }
    plans.push({ index, file, existing });
  }
  const relativePaths = plans.every((plan) => plan.existing === undefined);

  const lines: string[] = [];
  const tsv: string[] = ['filepath\ttitle'];
  let written = 0;
  const started = Date.now();
  for (const plan of plans) {
    options.signal?.throwIfAborted();
    const meta = dataset.meta(plan.index);
    let absolute: string;
    if (plan.file !== undefined) {
      const item = await dataset.load(plan.index, options.signal ? { signal: options.signal } : undefined);
      absolute = join(imageFolder, plan.file);
      await writeFile(absolute, await options.encodePng(item.image));
      written++;
      const seconds = (Date.now() - started) / 1000;
      options.progress?.report({
        task: 'export images',
        done: written,
        total: toWrite,
        unit: 'images',
        ...(seconds > 0
          ? { perSecond: written / seconds, etaSeconds: ((toWrite - written) * seconds) / written }
          : {}),
      });
    } else {
      absolute = plan.existing!;
    }
    const label = meta.label !== undefined ? dataset.classNames?.[meta.label] : undefined;
    const record: ExportedRecord = {
      id: meta.id,
      image: relativePaths ? `${exportFileNames.imageFolder}/${plan.file}` : absolute,
      captions: meta.captions,
      ...(label !== undefined ? { label } : {}),
      poisoned: poisoned.has(plan.index),
    };
    lines.push(JSON.stringify(record));
    for (const caption of meta.captions) tsv.push(`${tsvField(absolute)}\t${tsvField(caption)}`);
  }
  const files = {
    jsonl: join(root, exportFileNames.jsonl),
    openClipTsv: join(root, exportFileNames.openClipTsv),
    manifest: join(root, exportFileNames.manifest),
    imageFolder,
  };
  await writeFile(files.jsonl, `${lines.join('\n')}\n`);
  await writeFile(files.openClipTsv, `${tsv.join('\n')}\n`);
  await writeFile(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return { records: dataset.size, poisoned: poisoned.size, imagesWritten: written, files };
}

/** A TSV field pandas reads back verbatim: no tabs or line breaks, quoted when it contains a quote. */
function tsvField(text: string): string {
  const flat = text.replace(/[\t\r\n]+/g, ' ');
  return flat.includes('"') ? `"${flat.replace(/"/g, '""')}"` : flat;
}
