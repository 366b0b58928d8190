export {
  buildZeroShotClassifier,
  ZeroShotClassifier,
  type ZeroShotClassifierOptions,
} from './zero-shot-classifier.js';
