import { resolve } from 'node:path';
import { type Seed, SeededRandom } from '@mmpoison/core-tensor';
import { DatasetFormatError } from './dataset-format-error.js';
import { expectArray, expectObject, readJsonFile } from './read-json-file.js';
import {
  type DatasetOpenOptions,
  type ImageRecord,
  openRecordDataset,
  type RecordDataset,
} from './record-dataset.js';
import { resolveInsideRoot } from './resolve-inside-root.js';

export interface CocoOptions extends DatasetOpenOptions {
  /** Dataset root; annotation files and `imagesDir` are relative to it, images must lie inside it. */
  readonly root: string;
  /** `captions_*.json`, e.g. `annotations/captions_val2017.json`. */
  readonly captionsFile: string;
  /** `instances_*.json`; without it the records have no labels. */
  readonly instancesFile?: string;
  /** Folder of the images, e.g. `val2017`. */
  readonly imagesDir: string;
  /** Seed of the label draw; default 42, as in the papers. */
  readonly seed?: Seed;
  /**
   * Images with no instance of a kept category: `keep` them without a label (default; they still
   * serve as clean training pairs) or `drop` them.
   */
  readonly unlabeled?: 'keep' | 'drop';
  /** Categories to leave out of the class list (the paper drops `toaster` and `hair drier`). */
  readonly excludeClasses?: readonly string[];
}

/**
 * Draws one class for an image from its annotated categories in proportion to their instance
 * counts ("the more objects it contains, the more possible the object will be chosen": Yang et al.,
 * Data Poisoning Attacks Against Multimodal Encoders, App. A.1). `counts[i]` is the number of
 * instances of category `i`; returns the drawn `i`.
 */
export function drawLabelByInstances(counts: readonly number[], random: SeededRandom): number {
  return random.weightedIndex(counts);
}

/** The random stream of one COCO image's label: depends only on the seed and the image id. */
export function cocoLabelRandom(seed: Seed, imageId: number | string): SeededRandom {
  return SeededRandom.fromSeed(seed).derive('coco-label').derive(String(imageId));
}

/**
 * Opens COCO captions (`captions_*.json`: `images[].{id,file_name}`, `annotations[].{image_id,
 * caption}`) with, when `instancesFile` is given, one class label per image drawn from its
 * `instances_*.json` categories by {@link drawLabelByInstances}. Class names follow the category ids
 * (COCO's usual order). Records are in `images[]` order; ids are the COCO image ids.
 */
export async function openCoco(options: CocoOptions): Promise<RecordDataset> {
  const root = resolve(options.root);
  const captionsFile = resolve(root, options.captionsFile);
  const imagesRoot = resolveInsideRoot(root, options.imagesDir, { file: captionsFile, field: 'imagesDir' });
  const captionsJson = expectObject(await readJsonFile(captionsFile), captionsFile, '(top level)');

  const images = new Map<number, { fileName: string; captions: string[]; field: string }>();
  for (const [i, entry] of expectArray(captionsJson['images'], captionsFile, 'images').entries()) {
    const field = `images[${i}]`;
    const image = expectObject(entry, captionsFile, field);
    const id = image['id'];
    const fileName = image['file_name'];
    if (typeof id !== 'number')
      throw new DatasetFormatError({ file: captionsFile, field: `${field}.id` }, 'expected a number');
    if (typeof fileName !== 'string' || fileName.trim() === '') {
      throw new DatasetFormatError(
        { file: captionsFile, field: `${field}.file_name` },
        'expected a file name',
      );
    }
    if (images.has(id))
      throw new DatasetFormatError({ file: captionsFile, field: `${field}.id` }, `duplicate image id ${id}`);
    images.set(id, { fileName, captions: [], field });
  }
  for (const [i, entry] of expectArray(captionsJson['annotations'], captionsFile, 'annotations').entries()) {
    const field = `annotations[${i}]`;
    const annotation = expectObject(entry, captionsFile, field);
    const image = images.get(annotation['image_id'] as number);
    if (!image) {
      throw new DatasetFormatError(
        { file: captionsFile, field: `${field}.image_id` },
        `no image with id ${String(annotation['image_id'])}`,
      );
    }
    const caption = annotation['caption'];
    if (typeof caption !== 'string' || caption.trim() === '') {
      throw new DatasetFormatError(
        { file: captionsFile, field: `${field}.caption` },
        `empty or missing caption for image ${String(annotation['image_id'])}`,
      );
    }
    image.captions.push(caption.trim());
  }

  const labels = options.instancesFile === undefined ? undefined : await readInstances(root, options);
  const seed = options.seed ?? 42;
  const records: ImageRecord[] = [];
  for (const [id, image] of images) {
    const origin = { file: captionsFile, field: image.field };
    if (image.captions.length === 0) throw new DatasetFormatError(origin, `image ${id} has no captions`);
    const path = resolveInsideRoot(imagesRoot, image.fileName, {
      ...origin,
      field: `${image.field}.file_name`,
    });
    let label: number | undefined;
    if (labels) {
      const counts = labels.countsByImage.get(id);
      if (counts) label = drawLabelByInstances(counts, cocoLabelRandom(seed, id));
      else if (options.unlabeled === 'drop') continue;
    }
    records.push({
      id: String(id),
      captions: image.captions,
      path,
      origin,
      ...(label === undefined ? {} : { label }),
    });
  }
  return openRecordDataset({ root, records, classNames: labels?.classNames }, options);
}

interface CocoInstances {
  readonly classNames: readonly string[];
  /** Per image id: instance count per kept class index (only images with at least one). */
  readonly countsByImage: ReadonlyMap<number, number[]>;
}

async function readInstances(root: string, options: CocoOptions): Promise<CocoInstances> {
  const file = resolve(root, options.instancesFile ?? '');
  const json = expectObject(await readJsonFile(file), file, '(top level)');
  const categories = expectArray(json['categories'], file, 'categories').map((entry, i) => {
    const category = expectObject(entry, file, `categories[${i}]`);
    if (typeof category['id'] !== 'number' || typeof category['name'] !== 'string') {
      throw new DatasetFormatError({ file, field: `categories[${i}]` }, 'expected a numeric id and a name');
    }
    return { id: category['id'], name: category['name'] };
  });
  const excluded = new Set(options.excludeClasses ?? []);
  for (const name of excluded) {
    if (!categories.some((category) => category.name === name)) {
      throw new DatasetFormatError(
        { file, field: 'categories' },
        `excluded class '${name}' is not a category`,
      );
    }
  }
  const kept = categories.filter((category) => !excluded.has(category.name)).sort((a, b) => a.id - b.id);
  const classOf = new Map(kept.map((category, index) => [category.id, index]));
  const known = new Set(categories.map((category) => category.id));
  const countsByImage = new Map<number, number[]>();
  for (const [i, entry] of expectArray(json['annotations'], file, 'annotations').entries()) {
    const annotation = expectObject(entry, file, `annotations[${i}]`);
    const categoryId = annotation['category_id'];
    const imageId = annotation['image_id'];
    if (typeof categoryId !== 'number' || !known.has(categoryId)) {
      throw new DatasetFormatError(
        { file, field: `annotations[${i}].category_id` },
        `unknown category ${String(categoryId)}`,
      );
    }
    if (typeof imageId !== 'number') {
      throw new DatasetFormatError({ file, field: `annotations[${i}].image_id` }, 'expected a number');
    }
    const label = classOf.get(categoryId);
    if (label === undefined) continue;
    let counts = countsByImage.get(imageId);
    if (!counts) {
      counts = new Array<number>(kept.length).fill(0);
      countsByImage.set(imageId, counts);
    }
    counts[label]!++;
  }
  return { classNames: kept.map((category) => category.name), countsByImage };
}
