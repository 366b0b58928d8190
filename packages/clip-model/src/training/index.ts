export { clipGradientsOnDevice } from './clip-gradients.js';
export { clipContrastiveLoss, clipObjective } from './contrastive-loss.js';
export {
  type FreezeMode,
  isOpenAiImageVariable,
  selectTrainableVariables,
  type TrainableSelection,
} from './freeze.js';
export { type LoadItemsOptions, loadItems } from './load-items.js';
export { fitImage, stackImages } from './stack-images.js';
export {
  type AdamWSettings,
  type TrainContrastiveOptions,
  type TrainContrastiveResult,
  type TrainingStepInfo,
  trainContrastive,
} from './train-contrastive.js';
export {
  loadTrainingCheckpoint,
  restoreVariables,
  saveTrainingCheckpoint,
  type TrainingCheckpoint,
  type TrainingCheckpointTensor,
  type TrainingLoopState,
} from './training-checkpoint.js';
