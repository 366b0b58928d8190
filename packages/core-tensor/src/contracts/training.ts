import type * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random/seeded-random.js';
import type { ImageCaptionMeta } from './dataset.js';
import type { RgbImage } from './image.js';
import type { ContrastiveModel } from './model.js';

/** One training batch: a caption drawn for each image record, and the pixels as a tensor. */
export interface TrainingBatch {
  /** [batch, size, size, 3] in [0, 1]; owned by the loop, disposed after the step. */
  readonly images: tf.Tensor4D;
  /** The pixels before stacking, for objectives that build augmented views (CleanCLIP, RoCLIP). */
  readonly rawImages: readonly RgbImage[];
  /** The caption used for each image this step. */
  readonly texts: readonly string[];
  /** The records' metadata (ids, all captions, labels). */
  readonly items: readonly ImageCaptionMeta[];
  /** Dataset indices of the records. */
  readonly indices: readonly number[];
}

/** What an objective or hook may read about the run. */
export interface TrainingContext {
  readonly model: ContrastiveModel;
  /** Optimiser steps taken before this one (0 on the first step). */
  readonly step: number;
  /** 0-based epoch. */
  readonly epoch: number;
  /** Total optimiser steps of the run. */
  readonly totalSteps: number;
  /** A stream for the objective's own randomness (augmentations), derived from the run's seed. */
  readonly random: SeededRandom;
}

/**
 * A training objective: batch in, scalar loss out. Called inside the loop's gradient computation,
 * so everything it does to the model's variables is differentiated. The CLIP loss is the default;
 * defenses (RoCLIP, CleanCLIP, Semantic Shield) are objectives.
 */
export interface TrainingObjective {
  readonly name: string;
  loss(batch: TrainingBatch, context: TrainingContext): tf.Scalar;
  /** Called after the optimiser step, outside the gradient (e.g. to update a caption pool). */
  afterStep?(batch: TrainingBatch, context: TrainingContext): void;
  /** Releases tensors the objective holds. */
  dispose?(): void;
}

/** Called by the one training loop at epoch boundaries; defenses and evaluations plug in here. */
export interface EpochHook {
  onEpochStart?(epoch: number, context: TrainingContext): void | Promise<void>;
  onEpochEnd?(epoch: number, context: TrainingContext & { readonly meanLoss: number }): void | Promise<void>;
}
