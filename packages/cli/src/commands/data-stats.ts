import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  consoleProgressReporter,
  type ImageCaptionDataset,
  type ImageCaptionMeta,
  type ProgressReporter,
} from '@mmpoison/core-tensor';
import {
  type DatasetOpenOptions,
  defaultSyntheticOptions,
  generateSyntheticDataset,
  type ImageCheckLevel,
  openCaptionTable,
  openCoco,
  openFlickr30k,
  openImageFolder,
  openPascalSentences,
  openWebDataset,
  type SkippedRecord,
  syntheticManifestName,
} from '@mmpoison/datasets';
import { type CliCommand, type CliIo, UsageError } from '../command.js';

const FORMATS = [
  'coco',
  'flickr30k',
  'pascal',
  'webdataset',
  'csv',
  'tsv',
  'jsonl',
  'imagefolder',
  'synthetic',
] as const;
type Format = (typeof FORMATS)[number];

/** What `data stats` prints. */
interface DatasetStats {
  readonly images: number;
  readonly captions: number;
  /** Labelled images per class (every class listed, zero included), or null without labels. */
  readonly classes: Record<string, number> | null;
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

const OPTIONS = {
  format: { type: 'string' },
  root: { type: 'string' },
  split: { type: 'string' },
  strict: { type: 'boolean' },
  check: { type: 'string' },
  // coco
  'captions-file': { type: 'string' },
  'instances-file': { type: 'string' },
  'images-dir': { type: 'string' },
  seed: { type: 'string' },
  unlabeled: { type: 'string' },
  'exclude-class': { type: 'string', multiple: true },
  // flickr30k
  annotations: { type: 'string' },
  // webdataset
  shards: { type: 'string', multiple: true },
  // csv / tsv / jsonl
  file: { type: 'string' },
  'image-column': { type: 'string' },
  'caption-column': { type: 'string' },
  'label-column': { type: 'string' },
  'split-column': { type: 'string' },
  separator: { type: 'string' },
  // imagefolder
  prompt: { type: 'string' },
  // synthetic
  'images-per-class': { type: 'string' },
  'test-images-per-class': { type: 'string' },
  size: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

/** `mmpoison data stats`: counts images, captions, classes and skipped files of a dataset on disk. */
export const dataStatsCommand: CliCommand = {
  path: ['data', 'stats'],
  summary: 'Count the images, captions and classes of a dataset on disk, and list skipped files',
  usage: `Usage: mmpoison data stats --format <${FORMATS.join('|')}> --root <dir> [--split <name>] [options]

Prints JSON: {"images": n, "captions": n, "classes": {name: count} or null, "skipped": [{"path", "reason"}]}.
Images are checked by their header and end (missing, truncated and non-image files are skipped and
listed); nothing is decoded unless --check decode.

Common options:
  --split <name>              coco: the split in the file names (val2017 → annotations/captions_val2017.json,
                              annotations/instances_val2017.json, images in val2017/); flickr30k: a Karpathy
                              split; csv/tsv/jsonl: keep rows whose split column equals it; imagefolder:
                              the sub-folder <root>/<split>; synthetic: train or test (default both)
  --strict                    Fail on the first missing, truncated or non-image file
  --check <header|decode|none>  How much to verify each image (default header)

coco:         --captions-file <f> --images-dir <d> [--instances-file <f>] [--seed n (42)]
              [--unlabeled keep|drop (keep)] [--exclude-class <name>]...
flickr30k:    [--annotations dataset_flickr30k.json|results.csv|results_20130124.token] [--images-dir <d>]
pascal:       [--images-dir dataset] (sentences in <root>/sentence/<class>/)
webdataset:   [--shards <pattern>]... (default <root>/*.tar; {00000..00099} ranges work)
csv|tsv|jsonl: [--file <f> (jsonl default <root>/${syntheticManifestName})] [--image-column image]
              [--caption-column caption (jsonl: captions)] [--label-column <c>] [--split-column split]
              [--separator <c>]
imagefolder:  [--prompt "a photo of a {class}."]
synthetic:    [--seed n (0)] [--images-per-class n (${defaultSyntheticOptions.imagesPerClass})]
              [--test-images-per-class n (${defaultSyntheticOptions.testImagesPerClass})] [--size px (${defaultSyntheticOptions.imageSize})] (no --root)`,
  async run(args, io) {
    let values: Values;
    try {
      ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const format = values.format as Format | undefined;
    if (format === undefined) throw new UsageError(`--format is required (${FORMATS.join(', ')})`);
    if (!FORMATS.includes(format))
      throw new UsageError(`unknown --format '${format}' (expected ${FORMATS.join(', ')})`);
    const stats = await collectStats(format, values, io);
    io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
    return 0;
  },
};

async function collectStats(format: Format, values: Values, io: CliIo): Promise<DatasetStats> {
  if (format === 'synthetic') return syntheticStats(values);
  if (values.root === undefined) throw new UsageError('--root <dir> is required');
  const root = resolve(io.cwd, values.root);
  const progress = consoleProgressReporter(io.stderr as NodeJS.WritableStream);
  const common: DatasetOpenOptions = {
    ...(values.strict ? { strict: true } : {}),
    check: checkLevel(values.check),
    progress,
  };
  const split = values.split;
  switch (format) {
    case 'coco': {
      const captionsFile = values['captions-file'] ?? (split && `annotations/captions_${split}.json`);
      const imagesDir = values['images-dir'] ?? split;
      if (!captionsFile || !imagesDir) {
        throw new UsageError('coco needs --split <name>, or --captions-file and --images-dir');
      }
      let instancesFile = values['instances-file'];
      if (instancesFile === undefined && split !== undefined) {
        const candidate = `annotations/instances_${split}.json`;
        if (await exists(join(root, candidate))) instancesFile = candidate;
      }
      const unlabeled = values.unlabeled;
      if (unlabeled !== undefined && unlabeled !== 'keep' && unlabeled !== 'drop') {
        throw new UsageError(`--unlabeled must be keep or drop, got '${unlabeled}'`);
      }
      return datasetStats(
        await openCoco({
          ...common,
          root,
          captionsFile,
          imagesDir,
          ...(instancesFile === undefined ? {} : { instancesFile }),
          ...(values.seed === undefined ? {} : { seed: integer('seed', values.seed) }),
          ...(unlabeled === undefined ? {} : { unlabeled }),
          ...(values['exclude-class'] === undefined ? {} : { excludeClasses: values['exclude-class'] }),
        }),
      );
    }
    case 'flickr30k':
      return datasetStats(
        await openFlickr30k({
          ...common,
          root,
          ...(values.annotations === undefined ? {} : { annotations: values.annotations }),
          ...(values['images-dir'] === undefined ? {} : { imagesDir: values['images-dir'] }),
          ...(split === undefined ? {} : { split }),
        }),
      );
    case 'pascal':
      noSplit(format, split);
      return datasetStats(
        await openPascalSentences({
          ...common,
          root,
          ...(values['images-dir'] === undefined ? {} : { imagesDir: values['images-dir'] }),
        }),
      );
    case 'imagefolder':
      return datasetStats(
        await openImageFolder({
          ...common,
          root: split === undefined ? root : join(root, split),
          ...(values.prompt === undefined ? {} : { prompt: values.prompt }),
        }),
      );
    case 'webdataset':
      noSplit(format, split);
      return webDatasetStats(root, values.shards ?? ['*.tar'], values.strict === true, progress);
    case 'csv':
    case 'tsv':
    case 'jsonl': {
      const file = values.file ?? (format === 'jsonl' ? join(root, syntheticManifestName) : undefined);
      if (file === undefined) throw new UsageError(`--format ${format} needs --file <table>`);
      return datasetStats(
        await openCaptionTable({
          ...common,
          root,
          file: resolve(io.cwd, file),
          format,
          imageColumn: values['image-column'] ?? 'image',
          captionColumn: values['caption-column'] ?? (format === 'jsonl' ? 'captions' : 'caption'),
          ...(values['label-column'] === undefined ? {} : { labelColumn: values['label-column'] }),
          ...(values['split-column'] === undefined ? {} : { splitColumn: values['split-column'] }),
          ...(values.separator === undefined
            ? {}
            : { separator: values.separator === '\\t' ? '\t' : values.separator }),
          ...(split === undefined ? {} : { split }),
        }),
      );
    }
  }
}

function datasetStats(
  dataset: ImageCaptionDataset & { readonly report: { readonly skipped: readonly SkippedRecord[] } },
): DatasetStats {
  const metas = Array.from({ length: dataset.size }, (_, i) => dataset.meta(i));
  return summarise(metas, dataset.classNames, dataset.report.skipped);
}

function summarise(
  metas: readonly ImageCaptionMeta[],
  classNames: readonly string[] | undefined,
  skipped: readonly SkippedRecord[],
): DatasetStats {
  let classes: Record<string, number> | null = null;
  if (classNames !== undefined) {
    const counts: Record<string, number> = {};
    for (const name of classNames) counts[name] = 0;
    for (const meta of metas) {
      const name = meta.label === undefined ? undefined : classNames[meta.label];
      if (name !== undefined) counts[name] = (counts[name] ?? 0) + 1;
    }
    classes = counts;
  }
  return {
    images: metas.length,
    captions: metas.reduce((total, meta) => total + meta.captions.length, 0),
    classes,
    skipped: skipped.map((skip) => ({ path: skip.path, reason: skip.reason })),
  };
}

async function webDatasetStats(
  root: string,
  shards: readonly string[],
  strict: boolean,
  progress: ProgressReporter,
): Promise<DatasetStats> {
  const stream = await openWebDataset({ root, shards, strict, progress });
  const metas: ImageCaptionMeta[] = [];
  for await (const meta of stream.metadata()) metas.push({ id: meta.id, captions: meta.captions });
  return summarise(metas, undefined, stream.report.skipped);
}

function syntheticStats(values: Values): DatasetStats {
  const split = values.split;
  if (split !== undefined && split !== 'train' && split !== 'test') {
    throw new UsageError(`the synthetic benchmark has splits train and test, not '${split}'`);
  }
  const benchmark = generateSyntheticDataset({
    seed: values.seed === undefined ? 0 : integer('seed', values.seed),
    ...(values['images-per-class'] === undefined
      ? {}
      : { imagesPerClass: integer('images-per-class', values['images-per-class']) }),
    ...(values['test-images-per-class'] === undefined
      ? {}
      : { testImagesPerClass: integer('test-images-per-class', values['test-images-per-class']) }),
    ...(values.size === undefined ? {} : { imageSize: integer('size', values.size) }),
    cache: false,
  });
  const parts = split === undefined ? [benchmark.train, benchmark.test] : [benchmark[split]];
  const metas = parts.flatMap((dataset) => Array.from({ length: dataset.size }, (_, i) => dataset.meta(i)));
  return summarise(metas, benchmark.classNames, []);
}

function checkLevel(value: string | undefined): ImageCheckLevel {
  if (value === undefined) return 'header';
  if (value === 'header' || value === 'decode' || value === 'none') return value;
  throw new UsageError(`--check must be header, decode or none, got '${value}'`);
}

function integer(name: string, value: string): number {
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be an integer, got '${value}'`);
  }
  return Number(value);
}

function noSplit(format: Format, split: string | undefined): void {
  if (split !== undefined) throw new UsageError(`--format ${format} has no splits; drop --split`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
