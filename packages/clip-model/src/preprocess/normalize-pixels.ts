import type { RgbImage } from '@mmpoison/core-tensor';
import { CLIP_IMAGE_MEAN, CLIP_IMAGE_STD } from './clip-image-constants.js';
import { assertRgbImage } from './rgb-image-check.js';

export interface PixelNormalization {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** `(pixel − mean) / std` per channel, HWC; the CLIP constants unless others are given. */
export function normalizePixels(
  image: RgbImage,
  normalization: PixelNormalization = { mean: CLIP_IMAGE_MEAN, std: CLIP_IMAGE_STD },
): Float32Array {
  assertRgbImage(image, 'normalizePixels');
  const { mean, std } = normalization;
  for (const value of std) {
    if (!(value > 0)) throw new RangeError(`normalizePixels: std must be positive, got [${std.join(', ')}]`);
  }
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i += 3) {
    out[i] = (image.data[i]! - mean[0]) / std[0];
    out[i + 1] = (image.data[i + 1]! - mean[1]) / std[1];
    out[i + 2] = (image.data[i + 2]! - mean[2]) / std[2];
  }
  return out;
}
