import type { RgbImage } from '@mmpoison/core-tensor';

/** ITU-R BT.601 luma weights, as torchvision's `rgb_to_grayscale` and PIL's `convert('L')` use. */
export const lumaWeights = [0.299, 0.587, 0.114] as const;

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export function imageOf(width: number, height: number, data: Float32Array): RgbImage {
  return { width, height, data };
}

/** Applies `f` to every value, clamping to [0, 1]. */
export function mapValues(image: RgbImage, f: (value: number) => number): RgbImage {
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = clamp01(f(image.data[i]!));
  return imageOf(image.width, image.height, data);
}

/** Luma of every pixel (`width * height` values). */
export function lumaPlane(image: RgbImage): Float32Array {
  const plane = new Float32Array(image.width * image.height);
  for (let p = 0; p < plane.length; p++) {
    plane[p] =
      lumaWeights[0] * image.data[3 * p]! +
      lumaWeights[1] * image.data[3 * p + 1]! +
      lumaWeights[2] * image.data[3 * p + 2]!;
  }
  return plane;
}

/**
 * `factor · image + (1 − factor) · other`, clamped: PIL's `ImageEnhance` and torchvision's `_blend`,
 * the form of brightness, contrast, saturation and sharpness adjustments. `other(i)` gives the
 * degenerate image's value at flat index `i`.
 */
export function blend(image: RgbImage, other: (index: number) => number, factor: number): RgbImage {
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = clamp01(factor * image.data[i]! + (1 - factor) * other(i));
  return imageOf(image.width, image.height, data);
}

export function requireImage(name: string, image: RgbImage): void {
  if (
    !Number.isInteger(image.width) ||
    !Number.isInteger(image.height) ||
    image.width < 1 ||
    image.height < 1 ||
    image.data.length !== image.width * image.height * 3
  ) {
    throw new RangeError(
      `${name}: expected an RGB image with width × height × 3 values; got ${image.width}×${image.height} with ${image.data.length} values`,
    );
  }
}
