import type { RgbImage } from '@mmpoison/core-tensor';
import { blend, imageOf, mapValues, requireImage } from './rgb-pixels.js';

/*
 * The image operations of AutoAugment (Cubuk et al., 2019), with the semantics of PIL and
 * torchvision's functional ops on 8-bit images. Images are [0, 1] floats here; the operations that
 * are defined on 8-bit levels (posterize, equalize) quantise to 0–255 first.
 */

const toLevel = (value: number) => Math.min(255, Math.max(0, Math.round(value * 255)));

/** Keeps the `bits` most significant bits of each 8-bit channel value. */
export function posterize(image: RgbImage, bits: number): RgbImage {
  requireImage('posterize', image);
  if (!Number.isInteger(bits) || bits < 0 || bits > 8) {
    throw new RangeError(`posterize: bits must be an integer in [0, 8]; got ${bits}`);
  }
  const mask = (0xff << (8 - bits)) & 0xff;
  return mapValues(image, (value) => (toLevel(value) & mask) / 255);
}

/** Inverts every value at or above `threshold` (in [0, 1]). */
export function solarize(image: RgbImage, threshold: number): RgbImage {
  requireImage('solarize', image);
  return mapValues(image, (value) => (value >= threshold ? 1 - value : value));
}

export function invert(image: RgbImage): RgbImage {
  requireImage('invert', image);
  return mapValues(image, (value) => 1 - value);
}

/** Stretches each channel to span [0, 1]; a constant channel is left unchanged. */
export function autoContrast(image: RgbImage): RgbImage {
  requireImage('autoContrast', image);
  const data = new Float32Array(image.data.length);
  for (let c = 0; c < 3; c++) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = c; i < data.length; i += 3) {
      low = Math.min(low, image.data[i]!);
      high = Math.max(high, image.data[i]!);
    }
    const range = high - low;
    for (let i = c; i < data.length; i += 3) {
      data[i] = range > 0 ? Math.min(1, Math.max(0, (image.data[i]! - low) / range)) : image.data[i]!;
    }
  }
  return imageOf(image.width, image.height, data);
}

/**
 * Histogram equalisation of each channel on 8-bit levels, as PIL's `ImageOps.equalize`: the lookup
 * table spreads the cumulative histogram (without the last occupied level) over 0–255 in steps of
 * `⌊(count − count of the last level) / 255⌋`; a channel with too few pixels for a step is unchanged.
 */
export function equalize(image: RgbImage): RgbImage {
  requireImage('equalize', image);
  const data = new Float32Array(image.data.length);
  for (let c = 0; c < 3; c++) {
    const histogram = new Array<number>(256).fill(0);
    for (let i = c; i < data.length; i += 3) histogram[toLevel(image.data[i]!)]!++;
    let lastOccupied = 255;
    while (lastOccupied > 0 && histogram[lastOccupied] === 0) lastOccupied--;
    const total = data.length / 3;
    const step = Math.floor((total - histogram[lastOccupied]!) / 255);
    if (step === 0) {
      for (let i = c; i < data.length; i += 3) data[i] = image.data[i]!;
      continue;
    }
    const lookup = new Array<number>(256);
    let cumulative = Math.floor(step / 2);
    for (let level = 0; level < 256; level++) {
      lookup[level] = Math.min(255, Math.floor(cumulative / step));
      cumulative += histogram[level]!;
    }
    for (let i = c; i < data.length; i += 3) data[i] = lookup[toLevel(image.data[i]!)]! / 255;
  }
  return imageOf(image.width, image.height, data);
}

/**
 * Blends with a smoothed copy (3×3 kernel [[1,1,1],[1,5,1],[1,1,1]]/13 on interior pixels, border
 * pixels kept), as PIL's `ImageEnhance.Sharpness`: factor 0 smooths, 1 is the identity, 2 sharpens.
 */
export function adjustSharpness(image: RgbImage, factor: number): RgbImage {
  requireImage('adjustSharpness', image);
  const { width, height } = image;
  const smooth = new Float32Array(image.data);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const weight = dx === 0 && dy === 0 ? 5 : 1;
            sum += weight * image.data[((y + dy) * width + x + dx) * 3 + c]!;
          }
        }
        smooth[(y * width + x) * 3 + c] = sum / 13;
      }
    }
  }
  return blend(image, (index) => smooth[index]!, factor);
}

/**
 * Resamples the image through an affine map: output pixel (x, y) takes the nearest input pixel at
 * `(a·x + b·y + c, d·x + e·y + f)`, or `fill` outside the image (PIL's `Image.transform` convention,
 * coordinates of pixel centres).
 */
export function affineNearest(
  image: RgbImage,
  matrix: readonly [number, number, number, number, number, number],
  fill = 0,
): RgbImage {
  requireImage('affineNearest', image);
  const [a, b, c, d, e, f] = matrix;
  const { width, height } = image;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.round(a * x + b * y + c);
      const sy = Math.round(d * x + e * y + f);
      const o = (y * width + x) * 3;
      if (sx < 0 || sy < 0 || sx >= width || sy >= height) {
        data[o] = fill;
        data[o + 1] = fill;
        data[o + 2] = fill;
      } else {
        const i = (sy * width + sx) * 3;
        data[o] = image.data[i]!;
        data[o + 1] = image.data[i + 1]!;
        data[o + 2] = image.data[i + 2]!;
      }
    }
  }
  return imageOf(width, height, data);
}

/** Rotates counter-clockwise by `degrees` about the image centre; uncovered corners get `fill`. */
export function rotate(image: RgbImage, degrees: number, fill = 0): RgbImage {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const cx = (image.width - 1) / 2;
  const cy = (image.height - 1) / 2;
  // Inverse map (y grows downwards): source = R(−θ)·(output − centre) + centre, read on screen.
  return affineNearest(
    image,
    [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy],
    fill,
  );
}

/** Shears horizontally: output (x, y) reads input (x + m·y, y), as AutoAugment's ShearX. */
export function shearX(image: RgbImage, magnitude: number, fill = 0): RgbImage {
  return affineNearest(image, [1, magnitude, 0, 0, 1, 0], fill);
}

/** Shears vertically: output (x, y) reads input (x, y + m·x), as AutoAugment's ShearY. */
export function shearY(image: RgbImage, magnitude: number, fill = 0): RgbImage {
  return affineNearest(image, [1, 0, 0, magnitude, 1, 0], fill);
}

/** Moves the content `pixels` to the right (left when negative). */
export function translateX(image: RgbImage, pixels: number, fill = 0): RgbImage {
  return affineNearest(image, [1, 0, -pixels, 0, 1, 0], fill);
}

/** Moves the content `pixels` down (up when negative). */
export function translateY(image: RgbImage, pixels: number, fill = 0): RgbImage {
  return affineNearest(image, [1, 0, 0, 0, 1, -pixels], fill);
}
