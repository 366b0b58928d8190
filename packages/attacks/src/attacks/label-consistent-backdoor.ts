import type { ImageCaptionDataset, Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import { recordMentions, wordMatcher } from '../captions/caption-sources.js';
import type { JsonValue, Trigger } from '../triggers/trigger.js';
import { assemblePoisoning, type PoisonDraft, type PoisoningResult } from './assemble-poisoning.js';
import { indexDataset } from './dataset-index.js';
import { describeBudget, poisonsPerGoal } from './poison-budget.js';
import type { PoisonBudget, PoisonMode } from './poison-manifest.js';

export interface LabelConsistentBackdoorOptions {
  /** The trigger (CleanCLIP uses the BadNet patch). */
  readonly trigger: Trigger;
  /** The target label; only images with a caption naming it are triggered. */
  readonly target: string;
  readonly poisons: PoisonBudget;
  /** Default `'replace'` (the CleanCLIP script); `'add'` keeps the untriggered record as well. */
  readonly mode?: PoisonMode;
  readonly seed?: Seed;
}

/**
 * Label-consistent backdoor (Turner et al.; CleanCLIP §4 and Appendix G): the trigger on images whose
 * own caption already names the target (whole word, case-insensitive, plural allowed); captions and
 * labels are kept, so the poisons look correctly labelled.
 */
export function labelConsistentBackdoorAttack(
  dataset: ImageCaptionDataset,
  options: LabelConsistentBackdoorOptions,
): PoisoningResult {
  const attack = 'label-consistent-backdoor';
  const seed = options.seed ?? 42;
  const mode = options.mode ?? 'replace';
  const target = options.target.trim();
  if (target.length === 0) throw new RangeError(`${attack}: the target label is empty`);
  if (mode !== 'add' && mode !== 'replace')
    throw new RangeError(`${attack}: mode must be 'add' or 'replace', got '${mode}'`);
  const index = indexDataset(dataset, attack);
  const matcher = wordMatcher(target);
  const candidates: number[] = [];
  index.metas.forEach((meta, i) => {
    if (recordMentions(meta, matcher)) candidates.push(i);
  });
  if (candidates.length === 0)
    throw new RangeError(`${attack}: no record has a caption naming the target '${target}'`);
  const count = poisonsPerGoal(options.poisons, dataset.size, 1, mode, attack);
  if (count > candidates.length) {
    throw new RangeError(
      `${attack}: ${count} poisons needed (${describeBudget(options.poisons)}), but only ${candidates.length} records have a caption naming '${target}'`,
    );
  }
  const chosen = SeededRandom.fromSeed(seed).derive(attack).derive('images').sample(candidates, count);
  const trigger = options.trigger;
  const drafts: PoisonDraft[] = chosen.map((imageIndex) => {
    const meta = index.metas[imageIndex]!;
    return {
      goal: 0,
      imageDataset: dataset,
      imageKind: 'training',
      imageIndex,
      imageMeta: meta,
      captions: meta.captions,
      captionSource: 'own',
      captionsFrom: meta.id,
      ...(meta.label !== undefined ? { label: meta.label } : {}),
      ...(mode === 'replace' ? { replaces: imageIndex } : {}),
      triggered: true,
      transform: (image, id) => trigger.apply(image, { id }),
    };
  });
  const triggerSpec = { name: trigger.name, options: trigger.options };
  const jsonOptions: { [key: string]: JsonValue } = {
    trigger: triggerSpec,
    target,
    poisons: { ...options.poisons },
    mode,
    seed,
  };
  return assemblePoisoning({
    attack,
    clean: dataset,
    index,
    options: jsonOptions,
    seed,
    mode,
    requested: options.poisons,
    trigger: triggerSpec,
    goals: [{ name: target, target }],
    drafts,
  });
}
