import type { RgbImage } from '@mmpoison/core-tensor';
import { assertPixelSize, assertRgbImage } from './rgb-image-check.js';

/** Keys' cubic convolution kernel with a = −0.5, the one PIL's `Image.BICUBIC` uses. */
function bicubicKernel(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** The input taps and their normalised weights for each output position along one axis. */
interface AxisWeights {
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** `outSize × taps` weights, row `i` for output `i`. */
  readonly weights: Float64Array;
  readonly taps: number;
}

/**
 * PIL's `precompute_coeffs`: when shrinking, the kernel is stretched by the scale factor so every
 * input pixel contributes (antialiasing); when enlarging it stays at support 2. Pixel centres sit at
 * half-integers, so `center = (i + 0.5) · scale`.
 */
function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const low = Math.max(Math.trunc(center - support + 0.5), 0);
    const high = Math.min(Math.trunc(center + support + 0.5), inSize);
    const n = high - low;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const weight = bicubicKernel((k + low - center + 0.5) / filterScale);
      weights[i * taps + k] = weight;
      total += weight;
    }
    if (total !== 0) for (let k = 0; k < n; k++) weights[i * taps + k]! /= total;
    first[i] = low;
    count[i] = n;
  }
  return { first, count, weights, taps };
}

function clampUnit(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}

/**
 * Resizes to `width × height` with bicubic resampling as PIL does it (separable, horizontal pass then
 * vertical, each clamped to [0, 1] the way PIL clamps to the 8-bit range), antialiased when shrinking.
 */
export function resizeBicubic(image: RgbImage, width: number, height: number): RgbImage {
  assertRgbImage(image, 'resizeBicubic');
  assertPixelSize(width, 'resizeBicubic width');
  assertPixelSize(height, 'resizeBicubic height');
  const source = image.data;
  const horizontal = axisWeights(image.width, width);
  const wide = new Float32Array(image.height * width * 3);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const low = horizontal.first[x]!;
      const n = horizontal.count[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        const weight = horizontal.weights[x * horizontal.taps + k]!;
        const offset = (y * image.width + low + k) * 3;
        r += weight * source[offset]!;
        g += weight * source[offset + 1]!;
        b += weight * source[offset + 2]!;
      }
      const out = (y * width + x) * 3;
      wide[out] = clampUnit(r);
      wide[out + 1] = clampUnit(g);
      wide[out + 2] = clampUnit(b);
    }
  }
  const vertical = axisWeights(image.height, height);
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    const low = vertical.first[y]!;
    const n = vertical.count[y]!;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        const weight = vertical.weights[y * vertical.taps + k]!;
        const offset = ((low + k) * width + x) * 3;
        r += weight * wide[offset]!;
        g += weight * wide[offset + 1]!;
        b += weight * wide[offset + 2]!;
      }
      const out = (y * width + x) * 3;
      data[out] = clampUnit(r);
      data[out + 1] = clampUnit(g);
      data[out + 2] = clampUnit(b);
    }
  }
  return { width, height, data };
}

/**
 * Scales the shorter side to `size`, keeping the aspect ratio, as torchvision's `Resize(size)` does
 * for CLIP: the longer side becomes `trunc(size · long / short)`.
 */
export function resizeShortestSideBicubic(image: RgbImage, size: number): RgbImage {
  assertRgbImage(image, 'resizeShortestSideBicubic');
  assertPixelSize(size, 'resizeShortestSideBicubic');
  const { width, height } = image;
  if (Math.min(width, height) === size) return image;
  if (width <= height) return resizeBicubic(image, size, Math.max(1, Math.trunc((size * height) / width)));
  return resizeBicubic(image, Math.max(1, Math.trunc((size * width) / height)), size);
}
