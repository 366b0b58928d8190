import type { RgbImage, Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import { resizeBilinear } from './resize-bilinear.js';
import { checkImage, clamp01, imageStream, type Trigger, type TriggerContext } from './trigger.js';

/** Where the patch goes: a random place per image, or a fixed top-left corner in pixels. */
export type PatchLocation = 'random' | { readonly x: number; readonly y: number };

export interface BadNetPatchOptions {
  /** Seed of the trigger's randomness (the papers use 42). */
  readonly seed?: Seed;
  /**
   * Patch side in pixels (default 16, as in CleanCLIP and RoCLIP). On small images the patch is
   * shrunk to at most a quarter of the shorter side (at least 1 px), so a 32×32 image gets 8×8.
   */
  readonly size?: number;
  /** Default `'random'` for the noise patch, `{ x: 0, y: 0 }` (top-left) for HTBA. */
  readonly location?: PatchLocation;
  /**
   * `'noise'`: N(0, 1) noise plus the image's per-channel mean, clipped to [0, 1] (CleanCLIP
   * Appendix G). `'htba'`: a random 4×4 colour matrix resized bilinearly (Saha et al.; RoCLIP §5.1).
   */
  readonly kind?: 'noise' | 'htba';
  /**
   * Noise patch only: `'per-image'` draws fresh noise for every image (from its id), as the
   * CleanCLIP code does; `'fixed'` draws one noise pattern from the seed for all images.
   */
  readonly noise?: 'per-image' | 'fixed';
}

export interface BadNetPatchSettings {
  readonly [key: string]: string | number | { readonly x: number; readonly y: number };
  readonly seed: Seed;
  readonly size: number;
  readonly location: PatchLocation;
  readonly kind: 'noise' | 'htba';
  readonly noise: 'per-image' | 'fixed';
}

/** The square a BadNet trigger covers in one image. */
export interface PatchRegion {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

export interface BadNetPatchTrigger extends Trigger<BadNetPatchSettings> {
  /** Where the patch lands on a `width`×`height` image with this id (the same place `apply` uses). */
  patchRegion(width: number, height: number, context: TriggerContext): PatchRegion;
}

/** The patch side actually used on a `width`×`height` image: `size`, capped at a quarter of the shorter side. */
export function effectivePatchSize(size: number, width: number, height: number): number {
  return Math.max(1, Math.min(size, Math.floor(Math.min(width, height) / 4)));
}

/**
 * BadNet patch trigger (Gu et al.; CleanCLIP Appendix G; HTBA variant as in RoCLIP §5.1). Pixels
 * outside the patch are copied unchanged.
 */
export function badNetPatch(options: BadNetPatchOptions = {}): BadNetPatchTrigger {
  const kind = options.kind ?? 'noise';
  const settings: BadNetPatchSettings = {
    seed: options.seed ?? 42,
    size: options.size ?? 16,
    location: options.location ?? (kind === 'htba' ? { x: 0, y: 0 } : 'random'),
    kind,
    noise: options.noise ?? 'per-image',
  };
  if (kind !== 'noise' && kind !== 'htba')
    throw new RangeError(`badNetPatch: kind must be 'noise' or 'htba', got '${kind}'`);
  if (!Number.isInteger(settings.size) || settings.size < 1) {
    throw new RangeError(
      `badNetPatch: size must be a positive integer number of pixels, got ${settings.size}`,
    );
  }
  const location = settings.location;
  if (
    location !== 'random' &&
    !(Number.isInteger(location.x) && Number.isInteger(location.y) && location.x >= 0 && location.y >= 0)
  ) {
    throw new RangeError(
      `badNetPatch: location must be 'random' or non-negative integer { x, y }, got ${JSON.stringify(location)}`,
    );
  }
  const root = SeededRandom.fromSeed(settings.seed).derive('badnet');
  // The HTBA colour matrix is the trigger's identity: drawn once from the seed, shared by all images.
  const colourMatrix: RgbImage = {
    width: 4,
    height: 4,
    data: root.derive('htba-colours').uniformArray(4 * 4 * 3),
  };
  const patchCache = new Map<number, Float32Array>();

  function fixedPatch(size: number): Float32Array {
    let patch = patchCache.get(size);
    if (!patch) {
      patch =
        kind === 'htba'
          ? resizeBilinear(colourMatrix, size, size).data
          : root.derive(`fixed-noise:${size}`).normalArray(size * size * 3);
      patchCache.set(size, patch);
    }
    return patch;
  }

  function patchRegion(width: number, height: number, context: TriggerContext): PatchRegion {
    const size = effectivePatchSize(settings.size, width, height);
    if (location === 'random') {
      const random = imageStream(settings.seed, 'badnet', context.id).derive('location');
      return { x: random.int(width - size + 1), y: random.int(height - size + 1), size };
    }
    // A fixed location that would run off a smaller image is moved inward so the whole patch shows.
    return { x: Math.min(location.x, width - size), y: Math.min(location.y, height - size), size };
  }

  return {
    name: 'badnet',
    options: settings,
    patchRegion,
    apply(image, context) {
      checkImage(image, 'badnet', context.id);
      const { width, height } = image;
      const region = patchRegion(width, height, context);
      const data = new Float32Array(image.data);
      let values: Float32Array;
      if (kind === 'htba') {
        values = fixedPatch(region.size);
      } else {
        const noise =
          settings.noise === 'fixed'
            ? fixedPatch(region.size)
            : imageStream(settings.seed, 'badnet', context.id)
                .derive('noise')
                .normalArray(region.size * region.size * 3);
        const mean = channelMeans(image);
        values = new Float32Array(noise.length);
        for (let i = 0; i < noise.length; i++) values[i] = clamp01(mean[i % 3]! + noise[i]!);
      }
      for (let py = 0; py < region.size; py++) {
        for (let px = 0; px < region.size; px++) {
          const target = ((region.y + py) * width + region.x + px) * 3;
          const source = (py * region.size + px) * 3;
          data[target] = values[source]!;
          data[target + 1] = values[source + 1]!;
          data[target + 2] = values[source + 2]!;
        }
      }
      return { width, height, data };
    },
  };
}

function channelMeans(image: RgbImage): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3]! += image.data[i]!;
  const pixels = image.width * image.height;
  return [sums[0]! / pixels, sums[1]! / pixels, sums[2]! / pixels];
}
