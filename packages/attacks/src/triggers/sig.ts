import type { Seed } from '@mmpoison/core-tensor';
import { checkImage, clamp01, type Trigger } from './trigger.js';

export interface SigOptions {
  /** Kept for a uniform interface and the manifest; SIG has no randomness. */
  readonly seed?: Seed;
  /** Amplitude Δ of the sinusoid in [0, 1] pixel units (default 60/255). */
  readonly amplitude?: number;
  /** Number of periods f across the image width (default 6). */
  readonly frequency?: number;
}

export interface SigSettings {
  readonly [key: string]: Seed;
  readonly seed: Seed;
  readonly amplitude: number;
  readonly frequency: number;
}

/**
 * SIG trigger (Barni et al., as in the CleanCLIP code): a horizontal sinusoid added to every row,
 * x'[i, j] = clip(x[i, j] + Δ·sin(2π·j·f / W)), the same for all three channels.
 */
export function sig(options: SigOptions = {}): Trigger<SigSettings> {
  const settings: SigSettings = {
    seed: options.seed ?? 42,
    amplitude: options.amplitude ?? 60 / 255,
    frequency: options.frequency ?? 6,
  };
  if (!Number.isFinite(settings.amplitude) || !Number.isFinite(settings.frequency)) {
    throw new RangeError(
      `sig: amplitude and frequency must be finite numbers, got ${settings.amplitude}, ${settings.frequency}`,
    );
  }
  return {
    name: 'sig',
    options: settings,
    apply(image, context) {
      checkImage(image, 'sig', context.id);
      const { width, height } = image;
      const wave = new Float64Array(width);
      for (let j = 0; j < width; j++)
        wave[j] = settings.amplitude * Math.sin((2 * Math.PI * j * settings.frequency) / width);
      const data = new Float32Array(image.data.length);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const offset = (y * width + x) * 3;
          for (let c = 0; c < 3; c++) data[offset + c] = clamp01(image.data[offset + c]! + wave[x]!);
        }
      }
      return { width, height, data };
    },
  };
}
