import {
  type ImageCaptionDataset,
  type ImageCaptionItem,
  type ImageCaptionMeta,
  type RgbImage,
  type Seed,
  SeededRandom,
} from '@mmpoison/core-tensor';
import { renderScene } from './render-scene.js';
import { sceneCaptions } from './scene-captions.js';
import { type ShapeClass, shapeCatalogue } from './shape-catalogue.js';
import { type SyntheticDifficulty, type SyntheticScene, sampleScene } from './synthetic-scene.js';

export type SyntheticSplit = 'train' | 'test';

export interface SyntheticDatasetOptions {
  /** Everything is a function of the seed: the same seed gives the same images and captions. */
  readonly seed: Seed;
  /** Training images per class (default 100). */
  readonly imagesPerClass?: number;
  /** Test images per class (default 20). */
  readonly testImagesPerClass?: number;
  /** Side of the square images in pixels (default 32, small enough to train on the CPU). */
  readonly imageSize?: number;
  /** Class words to use, from {@link syntheticClassNames} (default: all twelve). */
  readonly classes?: readonly string[];
  /** `standard` (default) or `easy`: no distractors, small objects, clutter or noise. */
  readonly difficulty?: SyntheticDifficulty;
  /** Keep rendered pixels in memory so a second epoch does not render again (default true). */
  readonly cache?: boolean;
}

/** The synthetic benchmark: balanced train and test splits with their classes and knowledge elements. */
export interface SyntheticBenchmark {
  readonly train: SyntheticImageCaptionDataset;
  readonly test: SyntheticImageCaptionDataset;
  readonly classNames: readonly string[];
  /** Visual properties of each class, keyed by class word, for Semantic Shield. */
  readonly knowledgeElements: Readonly<Record<string, readonly string[]>>;
}

export const defaultSyntheticOptions = {
  imagesPerClass: 100,
  testImagesPerClass: 20,
  imageSize: 32,
} as const;

/**
 * Creates the synthetic benchmark. Nothing is rendered here: scenes and captions are drawn when a
 * record's metadata is first asked for, and pixels when it is loaded, so creating thousands of
 * records is instant. Each record draws from its own named random stream (`train/image:17`), so a
 * record does not depend on any other record or on the split's size.
 */
export function generateSyntheticDataset(options: SyntheticDatasetOptions): SyntheticBenchmark {
  const imagesPerClass = options.imagesPerClass ?? defaultSyntheticOptions.imagesPerClass;
  const testImagesPerClass = options.testImagesPerClass ?? defaultSyntheticOptions.testImagesPerClass;
  const imageSize = options.imageSize ?? defaultSyntheticOptions.imageSize;
  requireInteger('imagesPerClass', imagesPerClass, 1, 1_000_000);
  requireInteger('testImagesPerClass', testImagesPerClass, 0, 1_000_000);
  requireInteger('imageSize', imageSize, 16, 1024);
  const classes = selectClasses(options.classes);
  const random = SeededRandom.fromSeed(options.seed).derive('synthetic-benchmark');
  const difficulty = options.difficulty ?? 'standard';
  if (difficulty !== 'standard' && difficulty !== 'easy') {
    throw new RangeError(
      `Synthetic dataset option difficulty must be 'standard' or 'easy'; got '${difficulty}'`,
    );
  }
  const settings = { classes, imageSize, difficulty, cache: options.cache ?? true };
  const classNames = classes.map((shape) => shape.name);
  return {
    train: new SyntheticImageCaptionDataset(
      'train',
      classes.length * imagesPerClass,
      random.derive('train'),
      settings,
    ),
    test: new SyntheticImageCaptionDataset(
      'test',
      classes.length * testImagesPerClass,
      random.derive('test'),
      settings,
    ),
    classNames,
    knowledgeElements: Object.fromEntries(classes.map((shape) => [shape.name, [...shape.knowledgeElements]])),
  };
}

/**
 * One split of the synthetic benchmark. Record `i` has class `i mod classCount`, so every prefix of
 * whole rounds is balanced.
 */
export class SyntheticImageCaptionDataset implements ImageCaptionDataset {
  readonly classNames: readonly string[];
  readonly imageSize: number;
  readonly difficulty: SyntheticDifficulty;
  private readonly classes: readonly ShapeClass[];
  private readonly cache: boolean;
  private readonly scenes = new Map<number, { scene: SyntheticScene; meta: ImageCaptionMeta }>();
  private readonly pixels = new Map<number, Promise<Uint8Array>>();

  constructor(
    readonly split: SyntheticSplit,
    readonly size: number,
    private readonly random: SeededRandom,
    settings: {
      readonly classes: readonly ShapeClass[];
      readonly imageSize: number;
      readonly difficulty: SyntheticDifficulty;
      readonly cache: boolean;
    },
  ) {
    this.classes = settings.classes;
    this.classNames = settings.classes.map((shape) => shape.name);
    this.imageSize = settings.imageSize;
    this.difficulty = settings.difficulty;
    this.cache = settings.cache;
  }

  meta(index: number): ImageCaptionMeta {
    return this.record(index).meta;
  }

  /** The drawn scene of record `index` (objects, background, clutter), e.g. to inspect or test. */
  scene(index: number): SyntheticScene {
    return this.record(index).scene;
  }

  async load(index: number, options?: { readonly signal?: AbortSignal }): Promise<ImageCaptionItem> {
    options?.signal?.throwIfAborted();
    const bytes = await this.loadBytes(index);
    options?.signal?.throwIfAborted();
    return { ...this.meta(index), image: bytesToImage(bytes, this.imageSize) };
  }

  /** The rendered 8-bit RGB pixels of record `index` (row-major, channels last). */
  loadBytes(index: number): Promise<Uint8Array> {
    const cached = this.pixels.get(index);
    if (cached) return cached;
    const scene = this.scene(index);
    const rendering = renderScene(scene, this.classes, this.recordRandom(index).derive('noise'));
    if (this.cache) {
      this.pixels.set(index, rendering);
      rendering.catch(() => this.pixels.delete(index));
    }
    return rendering;
  }

  /** Forgets rendered pixels (scenes and captions are kept: they are small). */
  clearCache(): void {
    this.pixels.clear();
  }

  private recordRandom(index: number): SeededRandom {
    return this.random.derive(`image:${index}`);
  }

  private record(index: number): { scene: SyntheticScene; meta: ImageCaptionMeta } {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(
        `Synthetic ${this.split} record ${index} does not exist: the split has ${this.size}`,
      );
    }
    const known = this.scenes.get(index);
    if (known) return known;
    const random = this.recordRandom(index);
    const label = index % this.classes.length;
    const scene = sampleScene(random.derive('scene'), this.classes, label, this.imageSize, this.difficulty);
    const id = `${this.split}-${String(index).padStart(6, '0')}`;
    const meta: ImageCaptionMeta = {
      id,
      captions: sceneCaptions(scene, this.classes, random.derive('captions')),
      label,
      source: `synthetic:${id}`,
    };
    const entry = { scene, meta };
    this.scenes.set(index, entry);
    return entry;
  }
}

function bytesToImage(bytes: Uint8Array, size: number): RgbImage {
  const data = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) data[i] = bytes[i]! / 255;
  return { width: size, height: size, data };
}

function selectClasses(names: readonly string[] | undefined): readonly ShapeClass[] {
  if (names === undefined) return shapeCatalogue;
  const known = shapeCatalogue.map((shape) => shape.name);
  const selected = names.map((name) => {
    const shape = shapeCatalogue.find((candidate) => candidate.name === name);
    if (!shape) throw new Error(`Unknown synthetic class '${name}'; expected one of ${known.join(', ')}`);
    return shape;
  });
  if (new Set(names).size !== names.length) {
    throw new Error(`Synthetic classes must be distinct; got ${names.join(', ')}`);
  }
  if (selected.length < 2)
    throw new Error(`The synthetic benchmark needs at least 2 classes; got ${names.length}`);
  return selected;
}

function requireInteger(name: string, value: number, low: number, high: number): void {
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new RangeError(
      `Synthetic dataset option ${name} must be an integer in [${low}, ${high}]; got ${value}`,
    );
  }
}
