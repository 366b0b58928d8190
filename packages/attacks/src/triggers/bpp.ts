import type { Seed } from '@mmpoison/core-tensor';
import { checkImage, clamp01, type Trigger } from './trigger.js';

export interface BppOptions {
  /** Kept for a uniform interface and the manifest; BPP has no randomness. */
  readonly seed?: Seed;
  /**
   * Grey levels per channel after the reduction (default 8, BppAttack's `squeeze_num`), i.e. the
   * values k / (levels − 1). Give either `levels` or `bits` (levels = 2^bits).
   */
  readonly levels?: number;
  readonly bits?: number;
  /** Floyd–Steinberg error diffusion (default true); false rounds each value on its own. */
  readonly dither?: boolean;
}

export interface BppSettings {
  readonly [key: string]: Seed | boolean;
  readonly seed: Seed;
  readonly levels: number;
  readonly dither: boolean;
}

/**
 * BPP trigger (Wang et al., BppAttack; Semantic Shield): colour-depth reduction of each channel to
 * `levels` values with Floyd–Steinberg dithering. Errors diffuse in raster order with weights
 * 7/16 (right), 3/16 (below left), 5/16 (below), 1/16 (below right), each channel on its own.
 */
export function bpp(options: BppOptions = {}): Trigger<BppSettings> {
  if (options.levels !== undefined && options.bits !== undefined && options.levels !== 2 ** options.bits) {
    throw new RangeError(`bpp: give levels or bits, not both (levels ${options.levels} ≠ 2^${options.bits})`);
  }
  if (
    options.bits !== undefined &&
    !(Number.isInteger(options.bits) && options.bits >= 1 && options.bits <= 16)
  ) {
    throw new RangeError(`bpp: bits must be an integer in [1, 16], got ${options.bits}`);
  }
  const levels = options.levels ?? (options.bits !== undefined ? 2 ** options.bits : 8);
  if (!Number.isInteger(levels) || levels < 2)
    throw new RangeError(`bpp: levels must be an integer ≥ 2, got ${levels}`);
  const settings: BppSettings = { seed: options.seed ?? 42, levels, dither: options.dither ?? true };
  const steps = levels - 1;
  const quantise = (value: number) => Math.round(clamp01(value) * steps) / steps;
  return {
    name: 'bpp',
    options: settings,
    apply(image, context) {
      checkImage(image, 'bpp', context.id);
      const { width, height } = image;
      const data = new Float32Array(image.data.length);
      if (!settings.dither) {
        for (let i = 0; i < data.length; i++) data[i] = quantise(image.data[i]!);
        return { width, height, data };
      }
      const working = Float64Array.from(image.data);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) {
            const index = (y * width + x) * 3 + c;
            const old = working[index]!;
            const value = quantise(old);
            data[index] = value;
            const error = old - value;
            if (x + 1 < width) working[index + 3]! += (error * 7) / 16;
            if (y + 1 < height) {
              const below = index + width * 3;
              if (x > 0) working[below - 3]! += (error * 3) / 16;
              working[below]! += (error * 5) / 16;
              if (x + 1 < width) working[below + 3]! += error / 16;
            }
          }
        }
      }
      return { width, height, data };
    },
  };
}
