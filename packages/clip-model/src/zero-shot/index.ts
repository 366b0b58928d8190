export {
  CLIP_IMAGENET_TEMPLATES,
  CLIP_IMAGENET_TEMPLATES_SMALL,
  DEFAULT_ZERO_SHOT_TEMPLATES,
  fillTemplate,
} from './imagenet-templates.js';
export {
  buildZeroShotClassifier,
  ZeroShotClassifier,
  type ZeroShotClassifierOptions,
} from './zero-shot-classifier.js';
