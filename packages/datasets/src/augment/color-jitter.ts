import type { RgbImage } from '@mmpoison/core-tensor';
import type { ImageAugmentation } from './image-augmentation.js';
import { blend, clamp01, imageOf, lumaPlane, mapValues, requireImage } from './rgb-pixels.js';

/** Multiplies every value by `factor` (torchvision's `adjust_brightness`: a blend with black). */
export function adjustBrightness(image: RgbImage, factor: number): RgbImage {
  requireImage('adjustBrightness', image);
  return mapValues(image, (value) => value * factor);
}

/** Blends with the image's mean luma (torchvision's `adjust_contrast`). */
export function adjustContrast(image: RgbImage, factor: number): RgbImage {
  requireImage('adjustContrast', image);
  const plane = lumaPlane(image);
  let sum = 0;
  for (const value of plane) sum += value;
  const mean = sum / plane.length;
  return blend(image, () => mean, factor);
}

/** Blends with the image's grayscale version (torchvision's `adjust_saturation`). */
export function adjustSaturation(image: RgbImage, factor: number): RgbImage {
  requireImage('adjustSaturation', image);
  const plane = lumaPlane(image);
  return blend(image, (index) => plane[Math.floor(index / 3)]!, factor);
}

/**
 * Rotates the hue by `shift` turns (in [−0.5, 0.5]) in HSV space, keeping saturation and value
 * (torchvision's `adjust_hue`).
 */
export function adjustHue(image: RgbImage, shift: number): RgbImage {
  requireImage('adjustHue', image);
  if (!(shift >= -0.5 && shift <= 0.5))
    throw new RangeError(`adjustHue: shift must be in [-0.5, 0.5]; got ${shift}`);
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const r = image.data[i]!;
    const g = image.data[i + 1]!;
    const b = image.data[i + 2]!;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const chroma = max - min;
    let hue = 0;
    if (chroma > 0) {
      if (max === r) hue = (((g - b) / chroma) % 6) / 6;
      else if (max === g) hue = ((b - r) / chroma + 2) / 6;
      else hue = ((r - g) / chroma + 4) / 6;
    }
    hue = (((hue + shift) % 1) + 1) % 1;
    // HSV → RGB with value `max` and chroma unchanged.
    const sector = hue * 6;
    const x = chroma * (1 - Math.abs((sector % 2) - 1));
    const [r1, g1, b1] =
      sector < 1
        ? [chroma, x, 0]
        : sector < 2
          ? [x, chroma, 0]
          : sector < 3
            ? [0, chroma, x]
            : sector < 4
              ? [0, x, chroma]
              : sector < 5
                ? [x, 0, chroma]
                : [chroma, 0, x];
    data[i] = clamp01(r1 + min);
    data[i + 1] = clamp01(g1 + min);
    data[i + 2] = clamp01(b1 + min);
  }
  return imageOf(image.width, image.height, data);
}

export interface ColorJitterOptions {
  /** Brightness factor drawn uniformly from [max(0, 1 − b), 1 + b] (default 0: unchanged). */
  readonly brightness?: number;
  readonly contrast?: number;
  readonly saturation?: number;
  /** Hue shift drawn uniformly from [−h, h], h ≤ 0.5 (default 0). */
  readonly hue?: number;
}

/**
 * torchvision's `ColorJitter`: draws the four adjustments' order (a random permutation) and their
 * factors, then applies the adjustments whose strength is not zero in that order.
 */
export function colorJitter(options: ColorJitterOptions): ImageAugmentation {
  const brightness = options.brightness ?? 0;
  const contrast = options.contrast ?? 0;
  const saturation = options.saturation ?? 0;
  const hue = options.hue ?? 0;
  for (const [name, value] of Object.entries({ brightness, contrast, saturation, hue })) {
    if (!(value >= 0)) throw new RangeError(`colorJitter: ${name} must be non-negative; got ${value}`);
  }
  if (hue > 0.5) throw new RangeError(`colorJitter: hue must be at most 0.5; got ${hue}`);
  const factorRange = (strength: number) => [Math.max(0, 1 - strength), 1 + strength] as const;
  return (image, random) => {
    const order = random.permutation(4);
    const b = factorRange(brightness);
    const c = factorRange(contrast);
    const s = factorRange(saturation);
    const factors = [
      brightness > 0 ? random.uniform(b[0], b[1]) : undefined,
      contrast > 0 ? random.uniform(c[0], c[1]) : undefined,
      saturation > 0 ? random.uniform(s[0], s[1]) : undefined,
      hue > 0 ? random.uniform(-hue, hue) : undefined,
    ];
    let result = image;
    for (const operation of order) {
      const factor = factors[operation];
      if (factor === undefined) continue;
      if (operation === 0) result = adjustBrightness(result, factor);
      else if (operation === 1) result = adjustContrast(result, factor);
      else if (operation === 2) result = adjustSaturation(result, factor);
      else result = adjustHue(result, factor);
    }
    return result;
  };
}
