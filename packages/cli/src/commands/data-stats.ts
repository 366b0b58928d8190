import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  consoleProgressReporter,
  type ImageCaptionDataset,
  type ImageCaptionMeta,
  type ProgressReporter,
} from '@mmpoison/core-tensor';
import { openWebDataset, type SkippedRecord } from '@mmpoison/datasets';
import { integerArgument } from '../argument-parsers.js';
import { type CliCommand, type CliIo, UsageError } from '../command.js';
import {
  type DatasetArguments,
  type DatasetFormat,
  type DiskDataset,
  datasetArgumentOptions,
  datasetFormats,
  datasetUsage,
  openDatasetFromArguments,
  parseDatasetFormat,
  syntheticBenchmarkFromArguments,
} from '../dataset-arguments.js';

/** What `data stats` prints. */
interface DatasetStats {
  readonly images: number;
  readonly captions: number;
  /** Labelled images per class (every class listed, zero included), or null without labels. */
  readonly classes: Record<string, number> | null;
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

const OPTIONS = {
  ...datasetArgumentOptions,
  format: { type: 'string' },
  seed: { type: 'string' },
  size: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

/** `mmpoison data stats`: counts images, captions, classes and skipped files of a dataset on disk. */
export const dataStatsCommand: CliCommand = {
  path: ['data', 'stats'],
  summary: 'Count the images, captions and classes of a dataset on disk, and list skipped files',
  usage: `Usage: mmpoison data stats --format <${datasetFormats.join('|')}> --root <dir> [--split <name>] [options]

Prints JSON: {"images": n, "captions": n, "classes": {name: count} or null, "skipped": [{"path", "reason"}]}.
Images are checked by their header and end (missing, truncated and non-image files are skipped and
listed); nothing is decoded unless --check decode. The synthetic benchmark counts both splits unless
--split names one.

${datasetUsage({ seed: 'seed', size: 'size' })}`,
  async run(args, io) {
    let values: Values;
    try {
      ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const format = parseDatasetFormat('format', values.format);
    const stats = await collectStats(format, values, io);
    io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
    return 0;
  },
};

async function collectStats(format: DatasetFormat, values: Values, io: CliIo): Promise<DatasetStats> {
  const args: DatasetArguments = {
    ...values,
    seed: values.seed === undefined ? undefined : integerArgument('seed', values.seed),
    imageSize: values.size === undefined ? undefined : integerArgument('size', values.size),
  };
  if (format === 'synthetic') {
    const benchmark = syntheticBenchmarkFromArguments(args, { cache: false });
    const parts =
      args.split === undefined
        ? [benchmark.train, benchmark.test]
        : [benchmark[args.split as 'train' | 'test']];
    return summarise(parts.flatMap(allMeta), benchmark.classNames, []);
  }
  const progress = consoleProgressReporter(io.stderr as NodeJS.WritableStream);
  if (format === 'webdataset') {
    if (values.root === undefined) throw new UsageError('--root <dir> is required');
    if (values.split !== undefined) throw new UsageError('webdataset has no splits; drop --split');
    return webDatasetStats(
      resolve(io.cwd, values.root),
      values.shards ?? ['*.tar'],
      values.strict === true,
      progress,
    );
  }
  return datasetStats(await openDatasetFromArguments(format, args, io, progress));
}

function allMeta(dataset: ImageCaptionDataset): ImageCaptionMeta[] {
  return Array.from({ length: dataset.size }, (_, i) => dataset.meta(i));
}

function datasetStats(dataset: DiskDataset): DatasetStats {
  return summarise(allMeta(dataset), dataset.classNames, dataset.report.skipped);
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
