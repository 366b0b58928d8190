import type { ImageCaptionDataset, ImageCaptionMeta, RgbImage, Seed } from '@mmpoison/core-tensor';
import type { CaptionSource } from '../captions/caption-sources.js';
import type { JsonValue, TriggerSpec } from '../triggers/trigger.js';
import type { DatasetIndex } from './dataset-index.js';
import type {
  AttackName,
  PoisonBudget,
  PoisonGoal,
  PoisonManifest,
  PoisonMode,
  PoisonRecord,
} from './poison-manifest.js';
import { PoisonedDataset, type PoisonPlan } from './poisoned-dataset.js';

/** The result of every attack: the lazy poisoned dataset and its manifest. */
export interface PoisoningResult {
  readonly dataset: PoisonedDataset;
  readonly manifest: PoisonManifest;
}

/** One poison as an attack chose it, before it gets its index and id. */
export interface PoisonDraft {
  readonly goal: number;
  readonly imageDataset: ImageCaptionDataset;
  readonly imageKind: 'training' | 'target';
  readonly imageIndex: number;
  readonly imageMeta: ImageCaptionMeta;
  readonly captions: readonly string[];
  readonly captionSource: CaptionSource;
  readonly captionsFrom?: string;
  readonly label?: number;
  /** Clean index this poison replaces (`replace` mode). */
  readonly replaces?: number;
  readonly triggered: boolean;
  readonly noiseStd?: number;
  readonly transform?: (image: RgbImage, id: string) => RgbImage;
}

export interface AssemblyInput {
  readonly attack: AttackName;
  readonly clean: ImageCaptionDataset;
  readonly index: DatasetIndex;
  readonly options: { readonly [key: string]: JsonValue };
  readonly seed: Seed;
  readonly mode: PoisonMode;
  readonly requested: PoisonBudget;
  readonly trigger?: TriggerSpec;
  readonly goals: readonly Omit<PoisonGoal, 'poisonCount' | 'rate'>[];
  readonly drafts: readonly PoisonDraft[];
}

/** Gives every draft its index and id, and builds the lazy dataset and the manifest. */
export function assemblePoisoning(input: AssemblyInput): PoisoningResult {
  const { clean, index, mode, drafts, attack } = input;
  const total = mode === 'add' ? clean.size + drafts.length : clean.size;
  const digits = Math.max(4, String(drafts.length).length);
  const plans: PoisonPlan[] = [];
  const records: PoisonRecord[] = [];
  drafts.forEach((draft, k) => {
    const id = `poison-${String(k + 1).padStart(digits, '0')}`;
    if (index.ids.has(id))
      throw new Error(`${attack}: the poison id '${id}' is already a record id of the clean dataset`);
    const recordIndex = mode === 'add' ? clean.size + k : draft.replaces;
    if (recordIndex === undefined)
      throw new Error(`${attack}: poison ${k} replaces no record in replace mode`);
    const transformed = draft.transform !== undefined;
    const meta: ImageCaptionMeta = {
      id,
      captions: draft.captions,
      ...(draft.label !== undefined ? { label: draft.label } : {}),
      // Untouched pixels still live at their source; transformed ones exist only in memory.
      ...(!transformed && draft.imageMeta.source !== undefined ? { source: draft.imageMeta.source } : {}),
    };
    plans.push({
      index: recordIndex,
      meta,
      imageDataset: draft.imageDataset,
      imageIndex: draft.imageIndex,
      ...(draft.transform ? { transform: draft.transform } : {}),
    });
    records.push({
      index: recordIndex,
      id,
      goal: draft.goal,
      imageFrom: draft.imageMeta.id,
      imageDataset: draft.imageKind,
      captionSource: draft.captionSource,
      ...(draft.captionsFrom !== undefined ? { captionsFrom: draft.captionsFrom } : {}),
      captions: [...draft.captions],
      ...(draft.replaces !== undefined ? { replaced: index.metas[draft.replaces]!.id } : {}),
      triggered: draft.triggered,
      ...(draft.noiseStd !== undefined ? { noiseStd: draft.noiseStd } : {}),
    });
  });
  if (mode === 'replace' && new Set(plans.map((plan) => plan.index)).size !== plans.length) {
    throw new Error(`${attack}: two poisons replace the same clean record`);
  }
  records.sort((a, b) => a.index - b.index);
  const goals: PoisonGoal[] = input.goals.map((goal, g) => {
    const poisonCount = drafts.filter((draft) => draft.goal === g).length;
    return { ...goal, poisonCount, rate: poisonCount / total };
  });
  const manifest: PoisonManifest = {
    format: 'mmpoison-poison-manifest',
    version: 1,
    attack,
    options: input.options,
    seed: input.seed,
    mode,
    ...(input.trigger ? { trigger: input.trigger } : {}),
    goals,
    requested: input.requested,
    counts: {
      clean: clean.size,
      cleanKept: total - drafts.length,
      poisons: drafts.length,
      total,
    },
    rate: drafts.length / total,
    poisonedIds: records.map((record) => record.id),
    poisons: records,
  };
  return { dataset: new PoisonedDataset(clean, plans, total), manifest };
}
