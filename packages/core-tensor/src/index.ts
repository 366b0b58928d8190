export * from './backend/index.js';
export * from './checkpoint/index.js';
export type {
  ImageCaptionDataset,
  ImageCaptionItem,
  ImageCaptionMeta,
  ImageCaptionStream,
} from './contracts/dataset.js';
export type { RgbImage } from './contracts/image.js';
export type { ContrastiveModel, ImageEncoding, ImageEncodingOptions } from './contracts/model.js';
export type { ProgressEvent, ProgressReporter } from './contracts/progress.js';
export type { EpochHook, TrainingBatch, TrainingContext, TrainingObjective } from './contracts/training.js';
export * from './math/index.js';
export * from './optim/index.js';
export * from './progress/index.js';
export * from './prompts/index.js';
export { type RandomState, type Seed, SeededRandom } from './random/seeded-random.js';
