import type { ImageCaptionDataset, Seed } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import type { JsonValue } from '../triggers/trigger.js';
import { assemblePoisoning, type PoisonDraft, type PoisoningResult } from './assemble-poisoning.js';
import { indexDataset, requireLabels, resolveClass } from './dataset-index.js';
import { describeBudget, poisonsPerGoal } from './poison-budget.js';
import type { AttackName, PoisonBudget, PoisonMode } from './poison-manifest.js';

/** A goal A2B: captions of class `source` should retrieve images of class `target`. */
export interface LabelGoal {
  /** Class A (name, case-insensitive, or index) whose captions are poisoned. */
  readonly source: string | number;
  /** Class B (name or index) whose images the captions get paired with. */
  readonly target: string | number;
}

/** Options shared by Attacks I, II and III. */
export interface LabelPoisoningOptions {
  /** Rate φ = |P| / |D| per goal (D the final training set) or an absolute count per goal. */
  readonly poisons: PoisonBudget;
  /** Default `'add'`, as in the poisoning paper: poisons are added to the clean records. */
  readonly mode?: PoisonMode;
  readonly seed?: Seed;
}

export interface LabelGoalRequest {
  readonly attack: AttackName;
  readonly goals: readonly LabelGoal[];
  readonly options: LabelPoisoningOptions;
  /** Attack I: one image x* of the target class for every poison (an id, or random when absent). */
  readonly singleImage?: { readonly id: string | undefined };
}

/**
 * Whole-record poisoning for Attacks I–III (Yang et al., "Data poisoning attacks against multimodal
 * encoders", §3): each poison takes ALL captions of a distinct, randomly chosen record of class A and
 * pairs them with an image of class B — the one fixed x* (Attack I) or B's training images in a
 * shuffled cycle (Attacks II and III). Everything is validated before any record is chosen.
 */
export function poisonLabelGoals(dataset: ImageCaptionDataset, request: LabelGoalRequest): PoisoningResult {
  const { attack, options } = request;
  const mode = options.mode ?? 'add';
  const seed = options.seed ?? 42;
  if (mode !== 'add' && mode !== 'replace')
    throw new RangeError(`${attack}: mode must be 'add' or 'replace', got '${mode}'`);
  const index = indexDataset(dataset, attack);
  const classNames = requireLabels(index, attack);
  if (request.goals.length === 0) throw new RangeError(`${attack}: no goal given`);
  const goals = request.goals.map((goal) => ({
    source: resolveClass(index, goal.source, 'source', attack),
    target: resolveClass(index, goal.target, 'target', attack),
  }));
  const name = (goal: { source: number; target: number }) =>
    `${classNames[goal.source]}2${classNames[goal.target]}`;
  const sources = new Set<number>();
  for (const goal of goals) {
    if (goal.source === goal.target)
      throw new RangeError(`${attack}: goal ${name(goal)} maps a class onto itself`);
    if (sources.has(goal.source))
      throw new RangeError(`${attack}: class '${classNames[goal.source]}' is the source of two goals`);
    sources.add(goal.source);
  }
  for (const goal of goals) {
    // Attack III's goals are disjoint: a class whose captions are poisoned is nobody's target.
    if (sources.has(goal.target)) {
      throw new RangeError(
        `${attack}: goals are not disjoint, class '${classNames[goal.target]}' is both a source and a target`,
      );
    }
    if (index.byLabel[goal.target]!.length === 0) {
      throw new RangeError(
        `${attack}: target class '${classNames[goal.target]}' of goal ${name(goal)} has no images`,
      );
    }
  }
  const perGoal = poisonsPerGoal(options.poisons, dataset.size, goals.length, mode, attack);
  const total = mode === 'add' ? dataset.size + perGoal * goals.length : dataset.size;
  for (const goal of goals) {
    const records = index.byLabel[goal.source]!;
    if (perGoal > records.length) {
      const captions = records.reduce((sum, record) => sum + index.metas[record]!.captions.length, 0);
      throw new RangeError(
        `${attack}: goal ${name(goal)} needs ${perGoal} poisons (${describeBudget(options.poisons)} of a final ${total}-record training set), ` +
          `but source class '${classNames[goal.source]}' has only ${records.length} records (${captions} captions) to take captions from; ` +
          'each poison uses all captions of one record',
      );
    }
  }
  let targetImage: number | undefined;
  if (request.singleImage) {
    const goal = goals[0]!;
    const id = request.singleImage.id;
    if (id !== undefined) {
      targetImage = index.metas.findIndex((meta) => meta.id === id);
      if (targetImage < 0)
        throw new RangeError(`${attack}: target image '${id}' is not a record of the dataset`);
      const label = index.metas[targetImage]!.label;
      if (label !== goal.target) {
        throw new RangeError(
          `${attack}: target image '${id}' is labelled '${label === undefined ? 'none' : classNames[label]}', not the target class '${classNames[goal.target]}'`,
        );
      }
    } else {
      targetImage = SeededRandom.fromSeed(seed)
        .derive(attack)
        .derive('target-image')
        .choice(index.byLabel[goal.target]!);
    }
  }

  const random = SeededRandom.fromSeed(seed).derive(attack);
  const drafts: PoisonDraft[] = [];
  goals.forEach((goal, g) => {
    const captionRecords = random.derive(`goal:${g}:captions`).sample(index.byLabel[goal.source]!, perGoal);
    const imageCycle = random.derive(`goal:${g}:images`).shuffle(index.byLabel[goal.target]!);
    captionRecords.forEach((captionRecord, k) => {
      const imageIndex = targetImage ?? imageCycle[k % imageCycle.length]!;
      const captionMeta = index.metas[captionRecord]!;
      drafts.push({
        goal: g,
        imageDataset: dataset,
        imageKind: 'training',
        imageIndex,
        imageMeta: index.metas[imageIndex]!,
        captions: captionMeta.captions,
        captionSource: 'record',
        captionsFrom: captionMeta.id,
        // The poison is labelled by its captions' class, as in the reference code's records.
        label: goal.source,
        ...(mode === 'replace' ? { replaces: captionRecord } : {}),
        triggered: false,
      });
    });
  });

  const jsonOptions: { [key: string]: JsonValue } = {
    goals: goals.map((goal) => ({ source: classNames[goal.source]!, target: classNames[goal.target]! })),
    poisons: { ...options.poisons },
    mode,
    seed,
  };
  if (targetImage !== undefined) jsonOptions.targetImage = index.metas[targetImage]!.id;
  return assemblePoisoning({
    attack,
    clean: dataset,
    index,
    options: jsonOptions,
    seed,
    mode,
    requested: options.poisons,
    goals: goals.map((goal) => ({
      name: name(goal),
      source: classNames[goal.source]!,
      target: classNames[goal.target]!,
      ...(targetImage !== undefined ? { targetImage: index.metas[targetImage]!.id } : {}),
    })),
    drafts,
  });
}
