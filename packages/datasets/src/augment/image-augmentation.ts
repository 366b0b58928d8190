import type { RgbImage, SeededRandom } from '@mmpoison/core-tensor';

/**
 * A random image transform: a pure function of the image and the random stream, returning a new image
 * of the same size with values in [0, 1]. Every draw comes from `random`, so a seeded stream makes the
 * result reproducible.
 */
export type ImageAugmentation = (image: RgbImage, random: SeededRandom) => RgbImage;

/** Applies augmentations in order, all drawing from the same stream (like torchvision's `Compose`). */
export function composeAugmentations(...augmentations: readonly ImageAugmentation[]): ImageAugmentation {
  return (image, random) =>
    augmentations.reduce((current, augmentation) => augmentation(current, random), image);
}

/** Applies `augmentation` with probability `p` (torchvision's `RandomApply`). */
export function randomApply(augmentation: ImageAugmentation, p: number): ImageAugmentation {
  requireProbability('randomApply', p);
  return (image, random) => (random.next() < p ? augmentation(image, random) : image);
}

export function requireProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: probability must be in [0, 1]; got ${p}`);
}
