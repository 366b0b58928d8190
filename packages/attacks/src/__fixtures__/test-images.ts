import type { RgbImage } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';

/** A random image with values in [0, 1), the same for the same seed. */
export function randomImage(width: number, height: number, seed = 1): RgbImage {
  return { width, height, data: SeededRandom.fromSeed(seed).uniformArray(width * height * 3) };
}

/** An image of one colour. */
export function constantImage(width: number, height: number, value: readonly [number, number, number]): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = value[i % 3]!;
  return { width, height, data };
}

/** Red = x / (width − 1), green = y / (height − 1): a warp's sampling positions can be read off it. */
export function coordinateImage(width: number, height: number): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = x / (width - 1);
      data[(y * width + x) * 3 + 1] = y / (height - 1);
      data[(y * width + x) * 3 + 2] = 0.5;
    }
  }
  return { width, height, data };
}

/** The largest absolute difference between two images' values. */
export function maxDifference(a: RgbImage, b: RgbImage): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
  return max;
}
