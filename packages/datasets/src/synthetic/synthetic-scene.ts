import type { SeededRandom } from '@mmpoison/core-tensor';
import { colourDistance, colourPalette, type NamedColour } from './colour-palette.js';
import type { ShapeClass } from './shape-catalogue.js';

export type BackgroundTexture = 'plain' | 'stripes' | 'dots' | 'gradient' | 'noise';
export type ObjectSize = 'small' | 'large';

/** One drawn object. Coordinates are in pixels of the square image. */
export interface SceneObject {
  /** Index into the dataset's classes. */
  readonly classIndex: number;
  readonly colour: NamedColour;
  /** The painted colour: the named colour jittered a little, 0–255 per channel. */
  readonly rgb: readonly [number, number, number];
  readonly x: number;
  readonly y: number;
  readonly radius: number;
  readonly rotation: number;
  readonly size: ObjectSize;
  /** Whether the object belongs to the group the image was generated for (not a distractor). */
  readonly primary: boolean;
}

export interface SceneBackground {
  readonly texture: BackgroundTexture;
  readonly colour: NamedColour;
  /** The stripes', dots' or gradient's second colour (unused for plain and noise). */
  readonly secondColour: NamedColour;
  /** Stripe or gradient direction in degrees. */
  readonly angle: number;
  /** Stripe period or dot spacing in pixels. */
  readonly period: number;
  /** Offset of the pattern in pixels, so textures do not line up across images. */
  readonly phase: number;
}

/** A thin stroke of a random colour: clutter that is not an object. */
export interface ClutterMark {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly width: number;
  readonly rgb: readonly [number, number, number];
}

/** Everything needed to draw and caption one synthetic image. */
export interface SyntheticScene {
  readonly imageSize: number;
  /** Objects in drawing order (later ones may cover earlier ones). */
  readonly objects: readonly SceneObject[];
  readonly background: SceneBackground;
  readonly clutter: readonly ClutterMark[];
  /** Standard deviation of the per-pixel noise added after drawing, in [0, 1] units. */
  readonly noise: number;
  /** The image's class label: drawn from its objects in proportion to their counts. */
  readonly label: number;
  /** Number of objects of the labelled class. */
  readonly primaryCount: number;
}

const textures: readonly BackgroundTexture[] = ['plain', 'stripes', 'dots', 'gradient', 'noise'];

/**
 * How hard scenes are. `standard` (the default) has distractors, small objects, clutter and noisy
 * backgrounds; `easy` has none of them (one to three large objects of the class on a plain, striped,
 * dotted or gradient background), for models too small or too briefly trained to learn shapes
 * through the clutter.
 */
export type SyntheticDifficulty = 'easy' | 'standard';

interface DifficultySettings {
  /** Probability that a scene with room for more objects gets distractors. */
  readonly distractors: number;
  /** Probability that the class's objects are small. */
  readonly small: number;
  readonly clutter: number;
  /** Weights of `textures`. */
  readonly textures: readonly number[];
}

const difficulties: Readonly<Record<SyntheticDifficulty, DifficultySettings>> = {
  standard: { distractors: 0.5, small: 0.4, clutter: 0.35, textures: [0.24, 0.2, 0.2, 0.2, 0.16] },
  easy: { distractors: 0, small: 0, clutter: 0, textures: [0.4, 0.2, 0.2, 0.2, 0] },
};

/**
 * Samples a scene whose label is `classIndex`. A candidate scene has one to three objects of the class
 * and sometimes distractors of other classes; its label is drawn from its objects in proportion to
 * their counts, as a COCO image's label is drawn from its annotations, and candidates whose drawn label
 * is not `classIndex` are rejected. The accepted scenes are therefore distributed as COCO-style labelled
 * scenes conditioned on the label, which keeps the splits exactly balanced.
 */
export function sampleScene(
  random: SeededRandom,
  classes: readonly ShapeClass[],
  classIndex: number,
  imageSize: number,
  difficulty: SyntheticDifficulty = 'standard',
): SyntheticScene {
  const settings = difficulties[difficulty];
  for (let attempt = 0; ; attempt++) {
    const primaryCount = random.weightedIndex([0.55, 0.3, 0.15]) + 1;
    const room = 3 - primaryCount;
    const distractorCount =
      room > 0 && random.bernoulli(settings.distractors) ? random.intBetween(1, room) : 0;
    // Draw one object uniformly: the label is its class. Distractors are never of `classIndex`, so
    // the label is `classIndex` exactly when a primary object is drawn. Acceptance is at least 1/3
    // per attempt, so the bound only guards against a broken generator.
    const labelIsPrimary = random.int(primaryCount + distractorCount) < primaryCount;
    if (!labelIsPrimary && attempt < 1000) continue;
    return buildScene(random, classes, classIndex, primaryCount, distractorCount, imageSize, settings);
  }
}

function buildScene(
  random: SeededRandom,
  classes: readonly ShapeClass[],
  classIndex: number,
  primaryCount: number,
  distractorCount: number,
  imageSize: number,
  settings: DifficultySettings,
): SyntheticScene {
  const total = primaryCount + distractorCount;
  const primaryColour = random.choice(colourPalette);
  const primarySize: ObjectSize = random.bernoulli(settings.small) ? 'small' : 'large';
  const placed: SceneObject[] = [];
  for (let i = 0; i < total; i++) {
    const primary = i < primaryCount;
    const objectClass = primary ? classIndex : otherClass(random, classes.length, classIndex);
    const colour = primary ? primaryColour : random.choice(colourPalette);
    const size: ObjectSize = primary ? primarySize : random.bernoulli(0.5) ? 'small' : 'large';
    const radius = sampleRadius(random, size, total, imageSize);
    const [x, y] = placeWithoutMuchOverlap(random, radius, placed, imageSize);
    const shape = classes[objectClass]!;
    placed.push({
      classIndex: objectClass,
      colour,
      rgb: jitterColour(random, colour.rgb),
      x,
      y,
      radius,
      rotation: sampleRotation(random, shape),
      size,
      primary,
    });
  }
  const background = sampleBackground(random, placed, imageSize, settings.textures);
  return {
    imageSize,
    objects: random.shuffle(placed),
    background,
    clutter: random.bernoulli(settings.clutter) ? sampleClutter(random, imageSize) : [],
    noise: background.texture === 'noise' ? random.uniform(0.06, 0.12) : 0,
    label: classIndex,
    primaryCount,
  };
}

function otherClass(random: SeededRandom, classCount: number, classIndex: number): number {
  const other = random.int(classCount - 1);
  return other >= classIndex ? other + 1 : other;
}

function sampleRadius(random: SeededRandom, size: ObjectSize, total: number, imageSize: number): number {
  const [low, high] = size === 'small' ? [0.11, 0.16] : total >= 3 ? [0.17, 0.22] : [0.18, 0.28];
  return random.uniform(low, high) * imageSize;
}

function placeWithoutMuchOverlap(
  random: SeededRandom,
  radius: number,
  placed: readonly SceneObject[],
  imageSize: number,
): [number, number] {
  // Objects may be clipped a little by the border, as in photos, but never leave the image.
  const low = radius * 0.8;
  const high = imageSize - radius * 0.8;
  let best: [number, number] = [imageSize / 2, imageSize / 2];
  let bestClearance = Number.NEGATIVE_INFINITY;
  for (let attempt = 0; attempt < 24; attempt++) {
    const x = random.uniform(low, high);
    const y = random.uniform(low, high);
    let clearance = Number.POSITIVE_INFINITY;
    for (const other of placed) {
      clearance = Math.min(clearance, Math.hypot(x - other.x, y - other.y) - 0.85 * (radius + other.radius));
    }
    if (clearance >= 0) return [x, y];
    if (clearance > bestClearance) {
      bestClearance = clearance;
      best = [x, y];
    }
  }
  return best;
}

function sampleRotation(random: SeededRandom, shape: ShapeClass): number {
  switch (shape.rotation) {
    case 'any':
      return random.uniform(0, 360);
    case 'quarter-turns':
      return 90 * random.int(4) + random.uniform(-12, 12);
    case 'slight':
      return random.uniform(-15, 15);
  }
}

function jitterColour(random: SeededRandom, rgb: readonly number[]): [number, number, number] {
  const channel = (value: number | undefined) =>
    Math.max(0, Math.min(255, Math.round((value ?? 0) + random.uniform(-14, 14))));
  return [channel(rgb[0]), channel(rgb[1]), channel(rgb[2])];
}

/**
 * A palette colour far from every colour in `avoid`, in RGB and in luma (so objects stay visible after
 * a grayscale augmentation too); the one with the best worst-case separation if none is far enough.
 */
function contrastingColour(
  random: SeededRandom,
  avoid: readonly (readonly number[])[],
  minimumDistance: number,
  minimumLumaDifference: number,
): NamedColour {
  const separation = (colour: NamedColour) =>
    Math.min(
      ...avoid.map((rgb) =>
        Math.min(
          colourDistance(rgb, colour.rgb) / minimumDistance,
          Math.abs(luma(rgb) - luma(colour.rgb)) / minimumLumaDifference,
        ),
      ),
      Number.POSITIVE_INFINITY,
    );
  const candidates = colourPalette.filter((colour) => separation(colour) >= 1);
  if (candidates.length > 0) return random.choice(candidates);
  return colourPalette.reduce((best, colour) => (separation(colour) > separation(best) ? colour : best));
}

/** ITU-R BT.601 luma of an sRGB triple (0–255). */
function luma(rgb: readonly number[]): number {
  return 0.299 * (rgb[0] ?? 0) + 0.587 * (rgb[1] ?? 0) + 0.114 * (rgb[2] ?? 0);
}

function sampleBackground(
  random: SeededRandom,
  objects: readonly SceneObject[],
  imageSize: number,
  textureWeights: readonly number[],
): SceneBackground {
  const texture = textures[random.weightedIndex(textureWeights)]!;
  const objectColours = objects.map((object) => object.colour.rgb);
  const colour = contrastingColour(random, objectColours, 130, 45);
  const secondColour = contrastingColour(random, [...objectColours, colour.rgb], 90, 25);
  const scale = imageSize / 32;
  return {
    texture,
    colour,
    secondColour,
    angle: texture === 'gradient' ? random.uniform(0, 360) : 45 * random.int(4),
    period: (texture === 'dots' ? random.uniform(4, 7) : random.uniform(3, 7)) * scale,
    phase: random.uniform(0, 8) * scale,
  };
}

function sampleClutter(random: SeededRandom, imageSize: number): ClutterMark[] {
  const count = random.intBetween(2, 5);
  return Array.from({ length: count }, () => {
    const x1 = random.uniform(0, imageSize);
    const y1 = random.uniform(0, imageSize);
    const length = random.uniform(0.08, 0.3) * imageSize;
    const angle = random.uniform(0, 2 * Math.PI);
    const colour = random.choice(colourPalette);
    return {
      x1,
      y1,
      x2: x1 + length * Math.cos(angle),
      y2: y1 + length * Math.sin(angle),
      width: random.uniform(0.6, 1.4) * (imageSize / 32),
      rgb: jitterColour(random, colour.rgb),
    };
  });
}
