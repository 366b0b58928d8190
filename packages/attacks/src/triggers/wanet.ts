import type { Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import { checkImage, type Trigger } from './trigger.js';

/** Published WaNet settings: CleanCLIP (Qi et al.'s ImageNet setup) and Semantic Shield (WaNet's CIFAR setup). */
export const wanetPresets = {
  cleanclip: { gridSize: 224, strength: 1 },
  'semantic-shield': { gridSize: 4, strength: 0.5 },
} as const;

export type WanetPreset = keyof typeof wanetPresets;

export interface WanetOptions {
  readonly seed?: Seed;
  /** Starting values for gridSize and strength (default `'cleanclip'`: k = 224, s = 1). */
  readonly preset?: WanetPreset;
  /** Control grid size k: the field is drawn on a k×k grid and upsampled to the image. */
  readonly gridSize?: number;
  /** Warping strength s. */
  readonly strength?: number;
}

export interface WanetSettings {
  readonly [key: string]: Seed;
  readonly seed: Seed;
  readonly gridSize: number;
  readonly strength: number;
}

/** Per-pixel sampling positions of the warp, in pixels: output (x, y) reads the input at (x + dx, y + dy). */
export interface WarpField {
  readonly width: number;
  readonly height: number;
  readonly dx: Float32Array;
  readonly dy: Float32Array;
}

export interface WanetTrigger extends Trigger<WanetSettings> {
  /** The displacement field used on `width`×`height` images (the same for every image of that size). */
  warpField(width: number, height: number): WarpField;
}

/**
 * WaNet trigger (Nguyen & Tran 2021; CleanCLIP Appendix G; Semantic Shield §5). One warping field from
 * the seed, the same for every image and every call:
 *  - a k×k×2 control grid of U(−1, 1) values, divided by its mean absolute value;
 *  - upsampled bicubically (corners aligned, PyTorch's cubic a = −0.75) to the image size;
 *  - the sampling grid is identity + s · noise / size in [−1, 1] grid units, clamped to the image;
 *  - pixels are read with bilinear interpolation (corners aligned), so s = 0 is the identity.
 * Without the "noise mode" of WaNet training, as CleanCLIP does.
 */
export function wanet(options: WanetOptions = {}): WanetTrigger {
  const preset = wanetPresets[options.preset ?? 'cleanclip'];
  if (!preset)
    throw new RangeError(
      `wanet: unknown preset '${options.preset}', expected ${Object.keys(wanetPresets).join(', ')}`,
    );
  const settings: WanetSettings = {
    seed: options.seed ?? 42,
    gridSize: options.gridSize ?? preset.gridSize,
    strength: options.strength ?? preset.strength,
  };
  if (!Number.isInteger(settings.gridSize) || settings.gridSize < 1) {
    throw new RangeError(`wanet: gridSize must be a positive integer, got ${settings.gridSize}`);
  }
  if (!Number.isFinite(settings.strength))
    throw new RangeError(`wanet: strength must be a finite number, got ${settings.strength}`);
  const k = settings.gridSize;
  const control = SeededRandom.fromSeed(settings.seed)
    .derive('wanet')
    .uniformArray(2 * k * k, -1, 1);
  let meanAbsolute = 0;
  for (const value of control) meanAbsolute += Math.abs(value);
  meanAbsolute /= control.length;
  for (let i = 0; i < control.length; i++) control[i] = control[i]! / meanAbsolute;
  const fields = new Map<string, WarpField>();

  function warpField(width: number, height: number): WarpField {
    const key = `${width}x${height}`;
    let field = fields.get(key);
    if (!field) {
      // Channel 0 moves along x, channel 1 along y (the last axis of PyTorch's grid_sample grid).
      const noiseX = upsampleBicubic(control.subarray(0, k * k), k, width, height);
      const noiseY = upsampleBicubic(control.subarray(k * k), k, width, height);
      // A grid offset of s·n/size spans s·n·(size − 1)/(2·size) pixels with aligned corners.
      const scaleX = (settings.strength * (width - 1)) / (2 * width);
      const scaleY = (settings.strength * (height - 1)) / (2 * height);
      const dx = new Float32Array(width * height);
      const dy = new Float32Array(width * height);
      for (let i = 0; i < dx.length; i++) {
        dx[i] = scaleX * noiseX[i]!;
        dy[i] = scaleY * noiseY[i]!;
      }
      field = { width, height, dx, dy };
      fields.set(key, field);
    }
    return field;
  }

  return {
    name: 'wanet',
    options: settings,
    warpField,
    apply(image, context) {
      checkImage(image, 'wanet', context.id);
      const { width, height } = image;
      const { dx, dy } = warpField(width, height);
      const data = new Float32Array(image.data.length);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const pixel = y * width + x;
          // Clamping the grid to [−1, 1] as the reference does = clamping positions to the border.
          const sourceX = Math.min(Math.max(x + dx[pixel]!, 0), width - 1);
          const sourceY = Math.min(Math.max(y + dy[pixel]!, 0), height - 1);
          const x0 = Math.floor(sourceX);
          const y0 = Math.floor(sourceY);
          const x1 = Math.min(x0 + 1, width - 1);
          const y1 = Math.min(y0 + 1, height - 1);
          const fx = sourceX - x0;
          const fy = sourceY - y0;
          for (let c = 0; c < 3; c++) {
            const top =
              image.data[(y0 * width + x0) * 3 + c]! * (1 - fx) + image.data[(y0 * width + x1) * 3 + c]! * fx;
            const bottom =
              image.data[(y1 * width + x0) * 3 + c]! * (1 - fx) + image.data[(y1 * width + x1) * 3 + c]! * fx;
            data[pixel * 3 + c] = top * (1 - fy) + bottom * fy;
          }
        }
      }
      return { width, height, data };
    },
  };
}

/** Keys' cubic convolution weights with a = −0.75 (PyTorch's bicubic) for the 4 taps around t ∈ [0, 1). */
function cubicWeights(t: number): [number, number, number, number] {
  const a = -0.75;
  const near = (d: number) => ((a + 2) * d - (a + 3)) * d * d + 1;
  const far = (d: number) => ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

/** Separable bicubic upsampling of a k×k grid to width×height with aligned corners, edges clamped. */
function upsampleBicubic(grid: Float32Array, k: number, width: number, height: number): Float64Array {
  const taps = (size: number) =>
    Array.from({ length: size }, (_, i) => {
      const position = size > 1 ? (i * (k - 1)) / (size - 1) : 0;
      const base = Math.floor(position);
      const weights = cubicWeights(position - base);
      const indices = [base - 1, base, base + 1, base + 2].map((index) =>
        Math.min(Math.max(index, 0), k - 1),
      );
      return { indices, weights };
    });
  const columns = taps(width);
  const rows = taps(height);
  // First along x for each control row, then along y.
  const horizontal = new Float64Array(k * width);
  for (let row = 0; row < k; row++) {
    for (let x = 0; x < width; x++) {
      const { indices, weights } = columns[x]!;
      let sum = 0;
      for (let t = 0; t < 4; t++) sum += weights[t]! * grid[row * k + indices[t]!]!;
      horizontal[row * width + x] = sum;
    }
  }
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    const { indices, weights } = rows[y]!;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let t = 0; t < 4; t++) sum += weights[t]! * horizontal[indices[t]! * width + x]!;
      out[y * width + x] = sum;
    }
  }
  return out;
}
