import type { RgbImage } from '@mmpoison/core-tensor';

/** Throws a clear error when `image` is not a well-formed {@link RgbImage}. */
export function assertRgbImage(image: RgbImage, what: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: width and height must be positive integers, got ${width}×${height}`);
  }
  if (!(data instanceof Float32Array) || data.length !== width * height * 3) {
    throw new RangeError(
      `${what}: expected ${width}×${height}×3 = ${width * height * 3} floats in a Float32Array, got ${data?.length}`,
    );
  }
}

/** Throws unless `size` is a positive integer. */
export function assertPixelSize(size: number, what: string): void {
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(`${what}: the size must be a positive integer number of pixels, got ${size}`);
  }
}
