import type { Seed } from '@mmpoison/core-tensor';
import { checkImage, clamp01, imageStream, type Trigger } from './trigger.js';

export interface BlendedOptions {
  readonly seed?: Seed;
  /** Weight r of the noise: x' = (1 − r)·x + r·n (default 0.2, CleanCLIP Appendix G). */
  readonly ratio?: number;
}

export interface BlendedSettings {
  readonly [key: string]: Seed;
  readonly seed: Seed;
  readonly ratio: number;
}

/**
 * Blended trigger (Chen et al.; CleanCLIP Appendix G): x' = (1 − r)·x + r·n with n ~ U[0, 1) drawn
 * afresh for every image. The noise stream is derived from the seed and the image id, so the same
 * image always gets the same noise.
 */
export function blended(options: BlendedOptions = {}): Trigger<BlendedSettings> {
  const settings: BlendedSettings = { seed: options.seed ?? 42, ratio: options.ratio ?? 0.2 };
  if (!(settings.ratio >= 0 && settings.ratio <= 1)) {
    throw new RangeError(`blended: ratio must be in [0, 1], got ${settings.ratio}`);
  }
  const ratio = settings.ratio;
  return {
    name: 'blended',
    options: settings,
    apply(image, context) {
      checkImage(image, 'blended', context.id);
      const noise = imageStream(settings.seed, 'blended', context.id).uniformArray(image.data.length);
      const data = new Float32Array(image.data.length);
      for (let i = 0; i < data.length; i++)
        data[i] = clamp01((1 - ratio) * image.data[i]! + ratio * noise[i]!);
      return { width: image.width, height: image.height, data };
    },
  };
}
