import {
  backdoorAttack,
  createTrigger,
  multipleTargetLabelsAttack,
  type PoisoningResult,
  singleTargetImageAttack,
  singleTargetLabelAttack,
} from '@mmpoison/attacks';
import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import type { AttackConfig } from './study-config.js';
import type { PoisoningSummary } from './study-results.js';

/** Runs the configured attack on the clean training split: the poisoned split and its manifest. */
export function applyStudyAttack(
  train: ImageCaptionDataset,
  attack: AttackConfig,
  seed: number,
): PoisoningResult {
  const common = {
    poisons: attack.poisons,
    seed,
    ...(attack.mode === undefined ? {} : { mode: attack.mode }),
  };
  switch (attack.name) {
    case 'single-target-label':
      return singleTargetLabelAttack(train, { ...common, ...attack.goals[0]! });
    case 'single-target-image':
      return singleTargetImageAttack(train, {
        ...common,
        ...attack.goals[0]!,
        ...(attack.targetImage === undefined ? {} : { targetImage: attack.targetImage }),
      });
    case 'multiple-target-labels':
      return multipleTargetLabelsAttack(train, { ...common, goals: attack.goals });
    case 'backdoor':
      return backdoorAttack(train, {
        ...common,
        target: attack.target,
        trigger: createTrigger(attack.trigger),
        ...(attack.captions === undefined ? {} : { captions: attack.captions }),
      });
  }
}

/** The manifest without its per-record list, for results.json. */
export function summarizePoisoning(result: PoisoningResult): PoisoningSummary {
  const { manifest } = result;
  return {
    attack: manifest.attack,
    mode: manifest.mode,
    seed:
      typeof manifest.seed === 'number' || typeof manifest.seed === 'string'
        ? manifest.seed
        : String(manifest.seed),
    requested: manifest.requested,
    goals: manifest.goals,
    counts: manifest.counts,
    rate: manifest.rate,
    ...(manifest.trigger === undefined ? {} : { trigger: manifest.trigger }),
    examplePoisonedIds: manifest.poisonedIds.slice(0, 10),
  };
}
