import type { RgbImage } from '@mmpoison/core-tensor';
import {
  adjustSharpness,
  autoContrast,
  equalize,
  invert,
  posterize,
  rotate,
  shearX,
  shearY,
  solarize,
  translateX,
  translateY,
} from './autoaugment-operations.js';
import { adjustBrightness, adjustContrast, adjustSaturation } from './color-jitter.js';
import type { ImageAugmentation } from './image-augmentation.js';
import { requireImage } from './rgb-pixels.js';

export type AutoAugmentOperation =
  | 'ShearX'
  | 'ShearY'
  | 'TranslateX'
  | 'TranslateY'
  | 'Rotate'
  | 'Brightness'
  | 'Color'
  | 'Contrast'
  | 'Sharpness'
  | 'Posterize'
  | 'Solarize'
  | 'AutoContrast'
  | 'Equalize'
  | 'Invert';

/** One step of a sub-policy: the operation, its probability and its magnitude bin (0–9). */
export interface AutoAugmentStep {
  readonly operation: AutoAugmentOperation;
  readonly probability: number;
  /** Magnitude bin in 0…9; `null` for operations without a magnitude. */
  readonly magnitude: number | null;
}

export type AutoAugmentSubPolicy = readonly [AutoAugmentStep, AutoAugmentStep];

const step = (operation: AutoAugmentOperation, probability: number, magnitude: number | null = null) => ({
  operation,
  probability,
  magnitude,
});

/**
 * The 25 ImageNet sub-policies found by Cubuk et al. (2019, Table 9), in the order torchvision's
 * `AutoAugmentPolicy.IMAGENET` lists them (which repeats five of them).
 */
export const imagenetAutoAugmentPolicy: readonly AutoAugmentSubPolicy[] = [
  [step('Posterize', 0.4, 8), step('Rotate', 0.6, 9)],
  [step('Solarize', 0.6, 5), step('AutoContrast', 0.6)],
  [step('Equalize', 0.8), step('Equalize', 0.6)],
  [step('Posterize', 0.6, 7), step('Posterize', 0.6, 6)],
  [step('Equalize', 0.4), step('Solarize', 0.2, 4)],
  [step('Equalize', 0.4), step('Rotate', 0.8, 8)],
  [step('Solarize', 0.6, 3), step('Equalize', 0.6)],
  [step('Posterize', 0.8, 5), step('Equalize', 1.0)],
  [step('Rotate', 0.2, 3), step('Solarize', 0.6, 8)],
  [step('Equalize', 0.6), step('Posterize', 0.4, 6)],
  [step('Rotate', 0.8, 8), step('Color', 0.4, 0)],
  [step('Rotate', 0.4, 9), step('Equalize', 0.6)],
  [step('Equalize', 0.0), step('Equalize', 0.8)],
  [step('Invert', 0.6), step('Equalize', 1.0)],
  [step('Color', 0.6, 4), step('Contrast', 1.0, 8)],
  [step('Rotate', 0.8, 8), step('Color', 1.0, 2)],
  [step('Color', 0.8, 8), step('Solarize', 0.8, 7)],
  [step('Sharpness', 0.4, 7), step('Invert', 0.6)],
  [step('ShearX', 0.6, 5), step('Equalize', 1.0)],
  [step('Color', 0.4, 0), step('Equalize', 0.6)],
  [step('Equalize', 0.4), step('Solarize', 0.2, 4)],
  [step('Solarize', 0.6, 5), step('AutoContrast', 0.6)],
  [step('Invert', 0.6), step('Equalize', 1.0)],
  [step('Color', 0.6, 4), step('Contrast', 1.0, 8)],
  [step('Equalize', 0.8), step('Equalize', 0.6)],
];

const bins = 10;
const linear = (low: number, high: number, bin: number) => low + ((high - low) * bin) / (bins - 1);

/** Operations whose magnitude gets a random sign. */
const signed: ReadonlySet<AutoAugmentOperation> = new Set([
  'ShearX',
  'ShearY',
  'TranslateX',
  'TranslateY',
  'Rotate',
  'Brightness',
  'Color',
  'Contrast',
  'Sharpness',
]);

/**
 * The magnitude of bin `bin` (0–9) for an operation on a `width × height` image, as torchvision's
 * `_augmentation_space` with 10 bins: shear 0–0.3, translation 0–150/331 of the side, rotation 0–30°,
 * enhancements 0–0.9 (applied as factor 1 + m), posterize 8 − round(bin / 2.25) bits, solarize
 * threshold 1 − bin/9.
 */
export function autoAugmentMagnitude(
  operation: AutoAugmentOperation,
  bin: number,
  width: number,
  height: number,
): number {
  if (!Number.isInteger(bin) || bin < 0 || bin >= bins) {
    throw new RangeError(`AutoAugment magnitude bin must be an integer in [0, 9]; got ${bin}`);
  }
  switch (operation) {
    case 'ShearX':
    case 'ShearY':
      return linear(0, 0.3, bin);
    case 'TranslateX':
      return linear(0, (150 / 331) * width, bin);
    case 'TranslateY':
      return linear(0, (150 / 331) * height, bin);
    case 'Rotate':
      return linear(0, 30, bin);
    case 'Brightness':
    case 'Color':
    case 'Contrast':
    case 'Sharpness':
      return linear(0, 0.9, bin);
    case 'Posterize':
      return 8 - Math.round(bin / ((bins - 1) / 4));
    case 'Solarize':
      return linear(1, 0, bin);
    case 'AutoContrast':
    case 'Equalize':
    case 'Invert':
      return 0;
  }
}

/** Applies one AutoAugment operation with an already signed magnitude; geometric ops fill with black. */
export function applyAutoAugmentOperation(
  image: RgbImage,
  operation: AutoAugmentOperation,
  magnitude: number,
): RgbImage {
  switch (operation) {
    case 'ShearX':
      return shearX(image, magnitude);
    case 'ShearY':
      return shearY(image, magnitude);
    case 'TranslateX':
      return translateX(image, Math.trunc(magnitude));
    case 'TranslateY':
      return translateY(image, Math.trunc(magnitude));
    case 'Rotate':
      return rotate(image, magnitude);
    case 'Brightness':
      return adjustBrightness(image, 1 + magnitude);
    case 'Color':
      return adjustSaturation(image, 1 + magnitude);
    case 'Contrast':
      return adjustContrast(image, 1 + magnitude);
    case 'Sharpness':
      return adjustSharpness(image, 1 + magnitude);
    case 'Posterize':
      return posterize(image, magnitude);
    case 'Solarize':
      return solarize(image, magnitude);
    case 'AutoContrast':
      return autoContrast(image);
    case 'Equalize':
      return equalize(image);
    case 'Invert':
      return invert(image);
  }
}

/**
 * AutoAugment (Cubuk et al., 2019) as torchvision's `AutoAugment`: per image, one sub-policy drawn
 * uniformly; each of its two steps runs with its probability, with the bin's magnitude negated half
 * of the time for signed operations. Default policy: ImageNet, which CleanCLIP uses.
 */
export function autoAugment(
  policy: readonly AutoAugmentSubPolicy[] = imagenetAutoAugmentPolicy,
): ImageAugmentation {
  if (policy.length === 0) throw new RangeError('autoAugment needs at least one sub-policy');
  return (image, random) => {
    requireImage('autoAugment', image);
    const subPolicy = policy[random.int(policy.length)]!;
    // torchvision draws both steps' probabilities and signs up front.
    const draws = subPolicy.map(() => ({ apply: random.next(), negate: random.next() < 0.5 }));
    let result = image;
    subPolicy.forEach((step, i) => {
      const draw = draws[i]!;
      if (draw.apply > step.probability) return;
      let magnitude =
        step.magnitude === null
          ? 0
          : autoAugmentMagnitude(step.operation, step.magnitude, image.width, image.height);
      if (signed.has(step.operation) && draw.negate) magnitude = -magnitude;
      result = applyAutoAugmentOperation(result, step.operation, magnitude);
    });
    return result;
  };
}
