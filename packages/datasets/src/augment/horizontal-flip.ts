import type { RgbImage } from '@mmpoison/core-tensor';
import { type ImageAugmentation, requireProbability } from './image-augmentation.js';
import { imageOf, requireImage } from './rgb-pixels.js';

/** The image mirrored left to right. */
export function flipHorizontal(image: RgbImage): RgbImage {
  requireImage('flipHorizontal', image);
  const { width, height } = image;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + (width - 1 - x)) * 3;
      const to = (y * width + x) * 3;
      data[to] = image.data[from]!;
      data[to + 1] = image.data[from + 1]!;
      data[to + 2] = image.data[from + 2]!;
    }
  }
  return imageOf(width, height, data);
}

/** Mirrors the image with probability `p` (default 0.5), as torchvision's `RandomHorizontalFlip`. */
export function horizontalFlip(p = 0.5): ImageAugmentation {
  requireProbability('horizontalFlip', p);
  return (image, random) => (random.next() < p ? flipHorizontal(image) : image);
}
