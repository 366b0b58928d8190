import type { RgbImage } from '@mmpoison/core-tensor';
import { type ImageAugmentation, requireProbability } from './image-augmentation.js';
import { imageOf, lumaPlane, requireImage } from './rgb-pixels.js';

/** The ITU-R BT.601 luma of each pixel, copied to all three channels. */
export function toGrayscale(image: RgbImage): RgbImage {
  requireImage('toGrayscale', image);
  const plane = lumaPlane(image);
  const data = new Float32Array(image.data.length);
  for (let p = 0; p < plane.length; p++) {
    const value = Math.min(1, Math.max(0, plane[p]!));
    data[3 * p] = value;
    data[3 * p + 1] = value;
    data[3 * p + 2] = value;
  }
  return imageOf(image.width, image.height, data);
}

/** Turns the image gray with probability `p` (default 0.1), as torchvision's `RandomGrayscale`. */
export function randomGrayscale(p = 0.1): ImageAugmentation {
  requireProbability('randomGrayscale', p);
  return (image, random) => (random.next() < p ? toGrayscale(image) : image);
}
