import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import type { PoisoningResult } from './assemble-poisoning.js';
import { type LabelGoal, type LabelPoisoningOptions, poisonLabelGoals } from './label-goal-poisoning.js';

export interface SingleTargetImageOptions extends LabelGoal, LabelPoisoningOptions {
  /** Id of the target image x* (a record of the target class); a random one of that class if absent. */
  readonly targetImage?: string;
}

/**
 * Attack I, single target image (Yang et al. §3): captions of class A, each poison all captions of
 * one A record, paired with one fixed image x* of class B.
 */
export function singleTargetImageAttack(
  dataset: ImageCaptionDataset,
  options: SingleTargetImageOptions,
): PoisoningResult {
  return poisonLabelGoals(dataset, {
    attack: 'single-target-image',
    goals: [{ source: options.source, target: options.target }],
    options,
    singleImage: { id: options.targetImage },
  });
}
