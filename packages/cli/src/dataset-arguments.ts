import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ProgressReporter } from '@mmpoison/core-tensor';
import {
  generateSyntheticDataset,
  type RecordDataset,
  type SyntheticBenchmark,
  syntheticManifestName,
} from '@mmpoison/datasets';
import { choiceArgument, integerArgument } from './argument-parsers.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import { type DiskDatasetSpec, openDiskDataset } from './open-disk-dataset.js';

export const datasetFormats = [
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
export type DatasetFormat = (typeof datasetFormats)[number];

/**
 * The dataset flags every command that reads a dataset shares (`data stats`, `poison`). The flags
 * for the format, the seed and the image size are named by each command, since `poison` also has an
 * attack seed.
 */
export const datasetArgumentOptions = {
  root: { type: 'string' },
  split: { type: 'string' },
  strict: { type: 'boolean' },
  check: { type: 'string' },
  'captions-file': { type: 'string' },
  'instances-file': { type: 'string' },
  'images-dir': { type: 'string' },
  unlabeled: { type: 'string' },
  'exclude-class': { type: 'string', multiple: true },
  annotations: { type: 'string' },
  shards: { type: 'string', multiple: true },
  file: { type: 'string' },
  'image-column': { type: 'string' },
  'caption-column': { type: 'string' },
  'label-column': { type: 'string' },
  'split-column': { type: 'string' },
  separator: { type: 'string' },
  prompt: { type: 'string' },
  'images-per-class': { type: 'string' },
  'test-images-per-class': { type: 'string' },
} as const;

/** Parsed dataset flags, with the seed and image size already read by the command. */
export interface DatasetArguments {
  readonly root?: string | undefined;
  readonly split?: string | undefined;
  readonly strict?: boolean | undefined;
  readonly check?: string | undefined;
  readonly 'captions-file'?: string | undefined;
  readonly 'instances-file'?: string | undefined;
  readonly 'images-dir'?: string | undefined;
  readonly unlabeled?: string | undefined;
  readonly 'exclude-class'?: string[] | undefined;
  readonly annotations?: string | undefined;
  readonly file?: string | undefined;
  readonly 'image-column'?: string | undefined;
  readonly 'caption-column'?: string | undefined;
  readonly 'label-column'?: string | undefined;
  readonly 'split-column'?: string | undefined;
  readonly separator?: string | undefined;
  readonly prompt?: string | undefined;
  readonly 'images-per-class'?: string | undefined;
  readonly 'test-images-per-class'?: string | undefined;
  readonly seed?: number | undefined;
  readonly imageSize?: number | undefined;
}

/** The usage lines of the shared dataset flags, with the command's own flag names filled in. */
export function datasetUsage(flags: { readonly seed: string; readonly size: string }): string {
  return `  --split <name>              coco: annotations/captions_<split>.json, annotations/instances_<split>.json,
                              images in <split>/; flickr30k: a Karpathy split; csv/tsv/jsonl: rows whose split
                              column equals it; imagefolder: <root>/<split>; synthetic: train or test
  --strict                    Fail on the first missing, truncated or non-image file
  --check <header|decode|none>  How much to verify each image (default header)
coco:         --captions-file <f> --images-dir <d> [--instances-file <f>] [--${flags.seed} n (42)]
              [--unlabeled keep|drop (keep)] [--exclude-class <name>]...
flickr30k:    [--annotations dataset_flickr30k.json|results.csv|results_20130124.token] [--images-dir <d>]
pascal:       [--images-dir dataset] (sentences in <root>/sentence/<class>/)
webdataset:   [--shards <pattern>]... (default <root>/*.tar; {00000..00099} ranges work)
csv|tsv|jsonl: [--file <f> (jsonl default <root>/${syntheticManifestName})] [--image-column image]
              [--caption-column caption (jsonl: captions)] [--label-column <c>] [--split-column split]
              [--separator <c>]
imagefolder:  [--prompt "a photo of a {class}."]
synthetic:    [--${flags.seed} n (0)] [--images-per-class n] [--test-images-per-class n] [--${flags.size} px] (no --root)`;
}

/** Checks a `--format` value. */
export function parseDatasetFormat(flag: string, value: string | undefined): DatasetFormat {
  if (value === undefined) throw new UsageError(`--${flag} is required (${datasetFormats.join(', ')})`);
  if (!(datasetFormats as readonly string[]).includes(value)) {
    throw new UsageError(`unknown --${flag} '${value}' (expected ${datasetFormats.join(', ')})`);
  }
  return value as DatasetFormat;
}

/** The embedded synthetic benchmark from the dataset flags. */
export function syntheticBenchmarkFromArguments(
  args: DatasetArguments,
  options: { readonly cache?: boolean } = {},
): SyntheticBenchmark {
  const split = args.split;
  if (split !== undefined && split !== 'train' && split !== 'test') {
    throw new UsageError(`the synthetic benchmark has splits train and test, not '${split}'`);
  }
  const perClass = args['images-per-class'];
  const testPerClass = args['test-images-per-class'];
  return generateSyntheticDataset({
    seed: args.seed ?? 0,
    ...(perClass === undefined ? {} : { imagesPerClass: integerArgument('images-per-class', perClass) }),
    ...(testPerClass === undefined
      ? {}
      : { testImagesPerClass: integerArgument('test-images-per-class', testPerClass) }),
    ...(args.imageSize === undefined ? {} : { imageSize: args.imageSize }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
}

/** A random-access dataset on disk with its skip report. */
export type DiskDataset = RecordDataset;

/**
 * Opens a random-access dataset on disk (every format but `synthetic` and the `webdataset` stream)
 * from the dataset flags: the flags become a {@link DiskDatasetSpec}, with COCO's file names
 * derived from `--split` as the COCO release names them.
 */
export async function openDatasetFromArguments(
  format: Exclude<DatasetFormat, 'synthetic' | 'webdataset'>,
  args: DatasetArguments,
  io: CliIo,
  progress: ProgressReporter,
): Promise<DiskDataset> {
  if (args.root === undefined) throw new UsageError('--root <dir> is required');
  const root = resolve(io.cwd, args.root);
  const split = args.split;
  let captionsFile = args['captions-file'];
  let imagesDir = args['images-dir'];
  let instancesFile = args['instances-file'];
  if (format === 'coco') {
    captionsFile ??= split && `annotations/captions_${split}.json`;
    imagesDir ??= split;
    if (!captionsFile || !imagesDir) {
      throw new UsageError('coco needs --split <name>, or --captions-file and --images-dir');
    }
    if (instancesFile === undefined && split !== undefined) {
      const candidate = `annotations/instances_${split}.json`;
      if (await exists(join(root, candidate))) instancesFile = candidate;
    }
  }
  if (format === 'pascal' && split !== undefined) throw new UsageError('pascal has no splits; drop --split');
  const file = args.file === undefined ? undefined : resolve(io.cwd, args.file);
  if ((format === 'csv' || format === 'tsv') && file === undefined) {
    throw new UsageError(`${format} needs --file <table>`);
  }
  const spec: DiskDatasetSpec = {
    format,
    root: format === 'imagefolder' && split !== undefined ? join(root, split) : root,
    split:
      format === 'flickr30k' || format === 'csv' || format === 'tsv' || format === 'jsonl'
        ? split
        : undefined,
    strict: args.strict,
    check: choiceArgument('check', args.check, ['header', 'decode', 'none'] as const) ?? 'header',
    imageSize: args.imageSize,
    seed: args.seed,
    captionsFile,
    instancesFile,
    imagesDir,
    unlabeled: choiceArgument('unlabeled', args.unlabeled, ['keep', 'drop'] as const),
    excludeClasses: args['exclude-class'],
    annotations: args.annotations,
    file,
    imageColumn: args['image-column'],
    captionColumn: args['caption-column'],
    labelColumn: args['label-column'],
    splitColumn: args['split-column'],
    separator: args.separator === '\\t' ? '\t' : args.separator,
    prompt: args.prompt,
  };
  return openDiskDataset(spec, { progress });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
