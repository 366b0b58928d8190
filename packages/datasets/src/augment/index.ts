export {
  cleanclipImageAugmentation,
  type RoclipAugmentationOptions,
  roclipImageAugmentation,
} from './augmentation-presets.js';
export {
  type AutoAugmentOperation,
  type AutoAugmentStep,
  type AutoAugmentSubPolicy,
  applyAutoAugmentOperation,
  autoAugment,
  autoAugmentMagnitude,
  imagenetAutoAugmentPolicy,
} from './autoaugment.js';
export {
  adjustSharpness,
  affineNearest,
  autoContrast,
  equalize,
  invert,
  posterize,
  rotate,
  shearX,
  shearY,
  solarize,
  translateX,
  translateY,
} from './autoaugment-operations.js';
export {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  type ColorJitterOptions,
  colorJitter,
} from './color-jitter.js';
export {
  augmentCaption,
  type EdaOptions,
  eda,
  edaWords,
  randomDeletion,
  randomInsertion,
  randomSwap,
  synonymReplacement,
} from './eda.js';
export { edaStopWords } from './eda-stop-words.js';
export {
  blurImage,
  defaultBlurKernelSize,
  type GaussianBlurOptions,
  gaussianBlur,
  gaussianKernel,
} from './gaussian-blur.js';
export { randomGrayscale, toGrayscale } from './grayscale.js';
export { flipHorizontal, horizontalFlip } from './horizontal-flip.js';
export { composeAugmentations, type ImageAugmentation, randomApply } from './image-augmentation.js';
export {
  type CropBox,
  type RandomResizedCropOptions,
  randomResizedCrop,
  resizedCrop,
  sampleResizedCropBox,
} from './random-resized-crop.js';
export { lumaWeights } from './rgb-pixels.js';
export { type SynonymSource, WordNetSynonyms, wordnetSynonyms } from './wordnet-synonyms.js';
