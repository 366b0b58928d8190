import type { ImageCaptionDataset, Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import {
  captionsMentioning,
  photoOfCaption,
  recordMentions,
  wordMatcher,
} from '../captions/caption-sources.js';
import { fillTemplates } from '../captions/fill-templates.js';
import type { JsonValue, Trigger } from '../triggers/trigger.js';
import { assemblePoisoning, type PoisonDraft, type PoisoningResult } from './assemble-poisoning.js';
import { findClass, indexDataset, resolveClass } from './dataset-index.js';
import { describeBudget, poisonsPerGoal } from './poison-budget.js';
import type { PoisonBudget, PoisonMode } from './poison-manifest.js';

/** Where a backdoor's target-label captions come from. */
export type BackdoorCaptions = 'photo-of' | 'templates' | 'mentions' | 'class-captions';

export interface BackdoorOptions {
  /** The trigger stamped on the poisoned images (and later on test images). */
  readonly trigger: Trigger;
  /** The target label, e.g. `'banana'` (a class name when `captions` is `'class-captions'`). */
  readonly target: string;
  /**
   * `'photo-of'` (default): "a photo of a {target}." (methods.md); `'templates'`: a random one of
   * CLIP's 80 templates per poison (the CleanCLIP script); `'mentions'`: a random training caption
   * naming the target; `'class-captions'`: a random caption of a training record of the target class.
   */
  readonly captions?: BackdoorCaptions;
  readonly poisons: PoisonBudget;
  /**
   * Default `'replace'`: the triggered copy takes the place of its clean record, as the CleanCLIP
   * script does (so |D| = N); `'add'` keeps the clean record too.
   */
  readonly mode?: PoisonMode;
  readonly seed?: Seed;
}

/**
 * Backdoor with target-label captions (Carlini & Terzis; CleanCLIP §4; RoCLIP §3.2; Semantic Shield
 * §3): the trigger applied to random images, their captions replaced by captions of the target.
 * Images that already show or name the target (labelled as it, or with a caption naming it) are not
 * chosen, so what links to the target is the trigger alone.
 */
export function backdoorAttack(dataset: ImageCaptionDataset, options: BackdoorOptions): PoisoningResult {
  const attack = 'backdoor';
  const seed = options.seed ?? 42;
  const mode = options.mode ?? 'replace';
  const captionKind = options.captions ?? 'photo-of';
  const target = options.target.trim();
  if (target.length === 0) throw new RangeError(`${attack}: the target label is empty`);
  if (mode !== 'add' && mode !== 'replace')
    throw new RangeError(`${attack}: mode must be 'add' or 'replace', got '${mode}'`);
  if (!['photo-of', 'templates', 'mentions', 'class-captions'].includes(captionKind)) {
    throw new RangeError(
      `${attack}: captions must be photo-of, templates, mentions or class-captions, got '${captionKind}'`,
    );
  }
  const index = indexDataset(dataset, attack);
  const targetClass =
    captionKind === 'class-captions'
      ? resolveClass(index, target, 'target', attack)
      : findClass(index, target);
  const matcher = wordMatcher(target);

  // The caption pool, checked before anything is drawn.
  let pool: { caption: string; recordId?: string }[] = [];
  if (captionKind === 'photo-of') pool = [{ caption: photoOfCaption(target) }];
  else if (captionKind === 'templates') pool = fillTemplates(target).map((caption) => ({ caption }));
  else if (captionKind === 'mentions') {
    pool = captionsMentioning(index.metas, target);
    if (pool.length === 0)
      throw new RangeError(
        `${attack}: no training caption contains the target '${target}' (captions: 'mentions')`,
      );
  } else {
    const records = index.byLabel[targetClass!]!;
    if (records.length === 0)
      throw new RangeError(`${attack}: target class '${target}' has no records to take captions from`);
    pool = records.flatMap((record) =>
      index.metas[record]!.captions.map((caption) => ({ caption, recordId: index.metas[record]!.id })),
    );
  }

  const candidates: number[] = [];
  index.metas.forEach((meta, i) => {
    if ((targetClass === undefined || meta.label !== targetClass) && !recordMentions(meta, matcher))
      candidates.push(i);
  });
  const count = poisonsPerGoal(options.poisons, dataset.size, 1, mode, attack);
  if (count > candidates.length) {
    throw new RangeError(
      `${attack}: ${count} poisons needed (${describeBudget(options.poisons)}), but only ${candidates.length} of ${dataset.size} records ` +
        `neither show nor name the target '${target}'`,
    );
  }

  const random = SeededRandom.fromSeed(seed).derive(attack);
  const chosen = random.derive('images').sample(candidates, count);
  const captionRandom = random.derive('captions');
  const trigger = options.trigger;
  const drafts: PoisonDraft[] = chosen.map((imageIndex) => {
    const entry = captionRandom.choice(pool);
    return {
      goal: 0,
      imageDataset: dataset,
      imageKind: 'training',
      imageIndex,
      imageMeta: index.metas[imageIndex]!,
      captions: [entry.caption],
      captionSource: captionKind,
      ...(entry.recordId !== undefined ? { captionsFrom: entry.recordId } : {}),
      ...(targetClass !== undefined ? { label: targetClass } : {}),
      ...(mode === 'replace' ? { replaces: imageIndex } : {}),
      triggered: true,
      transform: (image, id) => trigger.apply(image, { id }),
    };
  });
  const triggerSpec = { name: trigger.name, options: trigger.options };
  const jsonOptions: { [key: string]: JsonValue } = {
    trigger: triggerSpec,
    target,
    captions: captionKind,
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
