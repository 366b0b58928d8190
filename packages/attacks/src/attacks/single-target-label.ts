import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import type { PoisoningResult } from './assemble-poisoning.js';
import { type LabelGoal, type LabelPoisoningOptions, poisonLabelGoals } from './label-goal-poisoning.js';

export interface SingleTargetLabelOptions extends LabelGoal, LabelPoisoningOptions {}

/**
 * Attack II, single target label A2B (Yang et al. §3, e.g. sheep2aeroplane): natural captions of
 * class A paired with images of class B, cycling through B's training images.
 */
export function singleTargetLabelAttack(
  dataset: ImageCaptionDataset,
  options: SingleTargetLabelOptions,
): PoisoningResult {
  return poisonLabelGoals(dataset, {
    attack: 'single-target-label',
    goals: [{ source: options.source, target: options.target }],
    options,
  });
}
