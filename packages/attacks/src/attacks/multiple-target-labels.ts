import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import type { PoisoningResult } from './assemble-poisoning.js';
import { type LabelGoal, type LabelPoisoningOptions, poisonLabelGoals } from './label-goal-poisoning.js';

export interface MultipleTargetLabelsOptions extends LabelPoisoningOptions {
  /** Disjoint goals A_i → B_i: sources pairwise different, and no source is any goal's target. */
  readonly goals: readonly LabelGoal[];
}

/**
 * Attack III, multiple target labels (Yang et al. §3): several Attack II goals at once, each at the
 * given rate (or count) of the final training set.
 */
export function multipleTargetLabelsAttack(
  dataset: ImageCaptionDataset,
  options: MultipleTargetLabelsOptions,
): PoisoningResult {
  return poisonLabelGoals(dataset, { attack: 'multiple-target-labels', goals: options.goals, options });
}
