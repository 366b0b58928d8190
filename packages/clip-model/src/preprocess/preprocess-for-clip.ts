import type { RgbImage } from '@mmpoison/core-tensor';
import { centerCrop } from './center-crop.js';
import { resizeShortestSideBicubic } from './resize-bicubic.js';

/**
 * CLIP's image transform up to, not including, the mean/std normalisation: the shorter side to
 * `size` with bicubic resampling, then the central `size × size` crop. Pixels stay in [0, 1]
 * because a {@link ContrastiveModel} normalises its own input.
 */
export function preprocessForClip(image: RgbImage, size: number): RgbImage {
  return centerCrop(resizeShortestSideBicubic(image, size), size);
}
