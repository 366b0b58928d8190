import type { RgbImage } from '@mmpoison/core-tensor';
import { assertPixelSize, assertRgbImage } from './rgb-image-check.js';

/** Python's `round`: halves go to the even neighbour, which torchvision's centre crop inherits. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The central `size × size` window, placed as torchvision's `CenterCrop` places it
 * (`round((H − size) / 2)` from the top, likewise from the left).
 */
export function centerCrop(image: RgbImage, size: number): RgbImage {
  assertRgbImage(image, 'centerCrop');
  assertPixelSize(size, 'centerCrop');
  const { width, height, data } = image;
  if (width < size || height < size) {
    throw new RangeError(`centerCrop: a ${width}×${height} image is smaller than the ${size}×${size} crop`);
  }
  if (width === size && height === size) return image;
  const top = roundHalfToEven((height - size) / 2);
  const left = roundHalfToEven((width - size) / 2);
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const start = ((top + y) * width + left) * 3;
    out.set(data.subarray(start, start + size * 3), y * size * 3);
  }
  return { width: size, height: size, data: out };
}
