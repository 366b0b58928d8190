import { autoAugment } from './autoaugment.js';
import { colorJitter } from './color-jitter.js';
import { type GaussianBlurOptions, gaussianBlur } from './gaussian-blur.js';
import { randomGrayscale } from './grayscale.js';
import { horizontalFlip } from './horizontal-flip.js';
import { composeAugmentations, type ImageAugmentation, randomApply } from './image-augmentation.js';
import { type RandomResizedCropOptions, randomResizedCrop } from './random-resized-crop.js';

export interface RoclipAugmentationOptions {
  readonly crop?: RandomResizedCropOptions;
  readonly blur?: GaussianBlurOptions;
}

/**
 * RoCLIP's image augmentation (Yang et al., 2023, §4.2; their `augment_image.py`): random resized
 * crop, horizontal flip, colour jitter (0.5, 0.5, 0.5, 0.1) with p = 0.8, grayscale with p = 0.2 and
 * Gaussian blur (kernel about a tenth of the image side, sigma in [0.1, 2]).
 */
export function roclipImageAugmentation(options: RoclipAugmentationOptions = {}): ImageAugmentation {
  return composeAugmentations(
    randomResizedCrop(options.crop),
    horizontalFlip(0.5),
    randomApply(colorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.1 }), 0.8),
    randomGrayscale(0.2),
    gaussianBlur(options.blur),
  );
}

/** CleanCLIP's image augmentation (Bansal et al., 2023, App. D.2): AutoAugment with the ImageNet policy. */
export function cleanclipImageAugmentation(): ImageAugmentation {
  return autoAugment();
}
