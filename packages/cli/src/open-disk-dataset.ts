import { join } from 'node:path';
import type { ProgressReporter } from '@mmpoison/core-tensor';
import {
  type DatasetOpenOptions,
  type ImageCheckLevel,
  openCaptionTable,
  openCoco,
  openFlickr30k,
  openImageFolder,
  openPascalSentences,
  type RecordDataset,
  syntheticManifestName,
} from '@mmpoison/datasets';

export type DiskDatasetFormat = 'coco' | 'flickr30k' | 'pascal' | 'imagefolder' | 'csv' | 'tsv' | 'jsonl';

/**
 * Where a random-access dataset lies on disk and how to read it: what the command-line flags
 * (`data stats`, `poison`) and a study config's `data` section both come down to.
 */
export interface DiskDatasetSpec {
  readonly format: DiskDatasetFormat;
  /** Absolute dataset root. */
  readonly root: string;
  /** flickr30k: a Karpathy split; csv/tsv/jsonl: rows whose split column equals it. */
  readonly split?: string | undefined;
  readonly strict?: boolean | undefined;
  readonly check?: ImageCheckLevel | undefined;
  readonly imageSize?: number | undefined;
  /** coco: the seed of the per-image label draw. */
  readonly seed?: number | undefined;
  readonly captionsFile?: string | undefined;
  readonly instancesFile?: string | undefined;
  readonly imagesDir?: string | undefined;
  readonly unlabeled?: 'keep' | 'drop' | undefined;
  readonly excludeClasses?: readonly string[] | undefined;
  readonly annotations?: string | undefined;
  /** csv/tsv/jsonl: the table (jsonl default: the synthetic manifest under the root). */
  readonly file?: string | undefined;
  readonly imageColumn?: string | undefined;
  readonly captionColumn?: string | undefined;
  readonly labelColumn?: string | undefined;
  readonly splitColumn?: string | undefined;
  readonly separator?: string | undefined;
  readonly prompt?: string | undefined;
}

/** Keeps only the fields that are set, so the readers' own defaults apply to the rest. */
function defined<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** Opens a random-access dataset on disk with the datasets package's reader for its format. */
export async function openDiskDataset(
  spec: DiskDatasetSpec,
  options: { readonly progress?: ProgressReporter; readonly signal?: AbortSignal } = {},
): Promise<RecordDataset> {
  const common: DatasetOpenOptions = defined({
    strict: spec.strict,
    check: spec.check,
    imageSize: spec.imageSize,
    progress: options.progress,
    signal: options.signal,
  });
  const { root } = spec;
  switch (spec.format) {
    case 'coco': {
      if (spec.captionsFile === undefined || spec.imagesDir === undefined) {
        throw new Error(`coco at ${root}: needs the captions file and the images folder`);
      }
      return openCoco({
        ...common,
        root,
        captionsFile: spec.captionsFile,
        imagesDir: spec.imagesDir,
        ...defined({
          instancesFile: spec.instancesFile,
          seed: spec.seed,
          unlabeled: spec.unlabeled,
          excludeClasses: spec.excludeClasses,
        }),
      });
    }
    case 'flickr30k':
      return openFlickr30k({
        ...common,
        root,
        ...defined({ annotations: spec.annotations, imagesDir: spec.imagesDir, split: spec.split }),
      });
    case 'pascal':
      return openPascalSentences({ ...common, root, ...defined({ imagesDir: spec.imagesDir }) });
    case 'imagefolder':
      return openImageFolder({ ...common, root, ...defined({ prompt: spec.prompt }) });
    case 'csv':
    case 'tsv':
    case 'jsonl': {
      const file = spec.file ?? (spec.format === 'jsonl' ? join(root, syntheticManifestName) : undefined);
      if (file === undefined) throw new Error(`${spec.format} at ${root}: needs the table file`);
      return openCaptionTable({
        ...common,
        root,
        file,
        format: spec.format,
        imageColumn: spec.imageColumn ?? 'image',
        captionColumn: spec.captionColumn ?? (spec.format === 'jsonl' ? 'captions' : 'caption'),
        ...defined({
          labelColumn: spec.labelColumn,
          splitColumn: spec.splitColumn,
          separator: spec.separator,
          split: spec.split,
        }),
      });
    }
  }
}
