import type { RgbImage } from '@mmpoison/core-tensor';
import type { ImageAugmentation } from './image-augmentation.js';
import { imageOf, requireImage } from './rgb-pixels.js';

/** A normalised 1-D Gaussian kernel of odd `size` (torchvision's `_get_gaussian_kernel1d`). */
export function gaussianKernel(size: number, sigma: number): Float32Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) {
    throw new RangeError(`Gaussian blur kernel size must be a positive odd integer; got ${size}`);
  }
  if (!(sigma > 0)) throw new RangeError(`Gaussian blur sigma must be positive; got ${sigma}`);
  const kernel = new Float32Array(size);
  const half = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const x = (i - half) / sigma;
    kernel[i] = Math.exp(-0.5 * x * x);
    sum += kernel[i]!;
  }
  for (let i = 0; i < size; i++) kernel[i]! /= sum;
  return kernel;
}

/** Mirrors an out-of-range index back into [0, length) without repeating the edge ("reflect"). */
function reflect(index: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let folded = Math.abs(index) % period;
  if (folded >= length) folded = period - folded;
  return folded;
}

/** Separable Gaussian blur with reflect padding, as torchvision's `gaussian_blur`. */
export function blurImage(image: RgbImage, kernelSize: number, sigma: number): RgbImage {
  requireImage('blurImage', image);
  const kernel = gaussianKernel(kernelSize, sigma);
  const half = (kernelSize - 1) / 2;
  const { width, height } = image;
  const horizontal = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = 0; k < kernelSize; k++) {
          sum += kernel[k]! * image.data[(y * width + reflect(x + k - half, width)) * 3 + c]!;
        }
        horizontal[(y * width + x) * 3 + c] = sum;
      }
    }
  }
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = 0; k < kernelSize; k++) {
          sum += kernel[k]! * horizontal[(reflect(y + k - half, height) * width + x) * 3 + c]!;
        }
        data[(y * width + x) * 3 + c] = Math.min(1, Math.max(0, sum));
      }
    }
  }
  return imageOf(width, height, data);
}

export interface GaussianBlurOptions {
  /**
   * Odd kernel size. Default: about a tenth of the image's shorter side (at least 3), as SimCLR and
   * RoCLIP use (RoCLIP's 21 at 224 pixels).
   */
  readonly kernelSize?: number;
  /** Range of sigma, drawn uniformly per image (default [0.1, 2], torchvision's default). */
  readonly sigma?: readonly [number, number];
}

/** The odd kernel size nearest a tenth of the shorter side, at least 3. */
export function defaultBlurKernelSize(width: number, height: number): number {
  const tenth = Math.round(Math.min(width, height) / 10);
  return Math.max(3, tenth % 2 === 0 ? tenth + 1 : tenth);
}

/** torchvision's `GaussianBlur`: sigma uniform in the range, then a separable blur. */
export function gaussianBlur(options: GaussianBlurOptions = {}): ImageAugmentation {
  const [low, high] = options.sigma ?? [0.1, 2];
  if (!(low > 0 && low <= high)) throw new RangeError(`gaussianBlur: sigma range must satisfy 0 < min ≤ max`);
  if (options.kernelSize !== undefined) gaussianKernel(options.kernelSize, low);
  return (image, random) => {
    const sigma = random.uniform(low, high);
    return blurImage(image, options.kernelSize ?? defaultBlurKernelSize(image.width, image.height), sigma);
  };
}
