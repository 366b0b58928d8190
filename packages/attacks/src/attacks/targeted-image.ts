import type { ImageCaptionDataset, Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import { captionsMentioning } from '../captions/caption-sources.js';
import { fillTemplates } from '../captions/fill-templates.js';
import { clamp01, type JsonValue } from '../triggers/trigger.js';
import { assemblePoisoning, type PoisonDraft, type PoisoningResult } from './assemble-poisoning.js';
import { findClass, indexDataset } from './dataset-index.js';
import { describeBudget, poisonsPerGoal } from './poison-budget.js';
import type { PoisonBudget } from './poison-manifest.js';

export interface TargetedImageOptions {
  /** The adversarial label (a word or phrase; it need not be a class of the dataset). */
  readonly label: string;
  /** Id of the target image in `targetDataset`; a random record of it when absent. */
  readonly targetImage?: string;
  /**
   * Where the target image comes from (default: the training set itself). RoCLIP picks it from a
   * validation set, so the target is an image the model never sees with its true captions.
   */
  readonly targetDataset?: ImageCaptionDataset;
  /**
   * `'mentions'` (default): training captions containing the label word, sampled without
   * replacement; `'templates'`: CLIP's 80 ImageNet templates filled with the label, shuffled and
   * repeated as necessary (RoCLIP §3.2).
   */
  readonly captions?: 'mentions' | 'templates';
  /** |T_adv| as a count (default 50, RoCLIP §5.1) or a rate of the final training set. */
  readonly poisons?: PoisonBudget;
  /** Standard deviation of Gaussian noise added to each copy of the image (default 0: exact copies). */
  readonly noiseStd?: number;
  readonly seed?: Seed;
}

/**
 * Targeted image attack (Carlini & Terzis; RoCLIP §3.2): the target image added |T_adv| times, each
 * copy with one adversarial caption of the label. Poisons are added to the clean records.
 */
export function targetedImageAttack(
  dataset: ImageCaptionDataset,
  options: TargetedImageOptions,
): PoisoningResult {
  const attack = 'targeted-image';
  const seed = options.seed ?? 42;
  const captionKind = options.captions ?? 'mentions';
  const poisons = options.poisons ?? { count: 50 };
  const noiseStd = options.noiseStd ?? 0;
  const label = options.label.trim();
  if (label.length === 0) throw new RangeError(`${attack}: the adversarial label is empty`);
  if (captionKind !== 'mentions' && captionKind !== 'templates') {
    throw new RangeError(`${attack}: captions must be 'mentions' or 'templates', got '${captionKind}'`);
  }
  if (!(noiseStd >= 0 && Number.isFinite(noiseStd)))
    throw new RangeError(`${attack}: noiseStd must be ≥ 0, got ${noiseStd}`);
  const index = indexDataset(dataset, attack);
  const targetDataset = options.targetDataset ?? dataset;
  const targetKind = options.targetDataset ? 'target' : 'training';
  const random = SeededRandom.fromSeed(seed).derive(attack);
  let targetIndex: number;
  if (options.targetImage !== undefined) {
    targetIndex = -1;
    for (let i = 0; i < targetDataset.size; i++) {
      if (targetDataset.meta(i).id === options.targetImage) {
        targetIndex = i;
        break;
      }
    }
    if (targetIndex < 0)
      throw new RangeError(
        `${attack}: target image '${options.targetImage}' is not a record of the ${targetKind} dataset`,
      );
  } else {
    if (targetDataset.size < 1)
      throw new RangeError(`${attack}: the ${targetKind} dataset has no images to target`);
    targetIndex = random.derive('target-image').int(targetDataset.size);
  }
  const targetMeta = targetDataset.meta(targetIndex);
  const count = poisonsPerGoal(poisons, dataset.size, 1, 'add', attack);

  const captionRandom = random.derive('captions');
  let chosen: { caption: string; recordId?: string }[];
  if (captionKind === 'mentions') {
    const found = captionsMentioning(index.metas, label);
    if (found.length < count) {
      throw new RangeError(
        `${attack}: ${count} adversarial captions needed (${describeBudget(poisons)}), but only ${found.length} training captions ` +
          `contain the label '${label}'; lower the count or use captions: 'templates'`,
      );
    }
    chosen = captionRandom.sample(found, count);
  } else {
    const templates = fillTemplates(label);
    chosen = [];
    while (chosen.length < count) {
      for (const caption of captionRandom.shuffle(templates))
        if (chosen.length < count) chosen.push({ caption });
    }
  }

  const labelClass = findClass(index, label);
  const drafts: PoisonDraft[] = chosen.map((entry, k) => ({
    goal: 0,
    imageDataset: targetDataset,
    imageKind: targetKind,
    imageIndex: targetIndex,
    imageMeta: targetMeta,
    captions: [entry.caption],
    captionSource: captionKind,
    ...(entry.recordId !== undefined ? { captionsFrom: entry.recordId } : {}),
    ...(labelClass !== undefined ? { label: labelClass } : {}),
    triggered: false,
    ...(noiseStd > 0
      ? {
          noiseStd,
          // Each copy gets its own noise, from a stream named by the copy, so duplicates differ.
          transform: (image, id) => {
            const noise = random.derive(`noise:${k}:${id}`).normalArray(image.data.length, 0, noiseStd);
            const data = new Float32Array(image.data.length);
            for (let i = 0; i < data.length; i++) data[i] = clamp01(image.data[i]! + noise[i]!);
            return { width: image.width, height: image.height, data };
          },
        }
      : {}),
  }));
  const jsonOptions: { [key: string]: JsonValue } = {
    label,
    targetImage: targetMeta.id,
    targetDataset: targetKind,
    captions: captionKind,
    poisons: { ...poisons },
    noiseStd,
    seed,
  };
  return assemblePoisoning({
    attack,
    clean: dataset,
    index,
    options: jsonOptions,
    seed,
    mode: 'add',
    requested: poisons,
    goals: [{ name: label, target: label, targetImage: targetMeta.id }],
    drafts,
  });
}
