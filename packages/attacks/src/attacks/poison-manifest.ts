import type { Seed } from '@mmpoison/core-tensor';
import type { CaptionSource } from '../captions/caption-sources.js';
import type { JsonValue, TriggerSpec } from '../triggers/trigger.js';

/** The attacks of this package, as named in manifests and on the command line. */
export type AttackName =
  | 'single-target-image'
  | 'single-target-label'
  | 'multiple-target-labels'
  | 'targeted-image'
  | 'backdoor'
  | 'label-consistent-backdoor';

/**
 * `add`: poisons are new records appended after the clean ones (the poisoning paper's "poisoned data
 * P added into the original training dataset D"; Carlini & Terzis). `replace`: each poison takes the
 * place of the clean record it was built from (the CleanCLIP backdoor script and the mm_poison code).
 */
export type PoisonMode = 'add' | 'replace';

/**
 * How many poisons: a rate φ = |P| / |D| of the final training set D (methods.md), or a count. In
 * `add` mode |D| = clean + all poisons, so a goal at rate φ among m goals gets round(φ·N / (1 − m·φ))
 * poisons; in `replace` mode |D| = N and it gets round(φ·N).
 */
export type PoisonBudget = { readonly rate: number } | { readonly count: number };

/** One goal of an attack: A2B for Attacks I–III, the adversarial label for the others. */
export interface PoisonGoal {
  /** e.g. `sheep2aeroplane`, or the target label for backdoors and the targeted image attack. */
  readonly name: string;
  /** The class whose captions are poisoned (Attacks I–III). */
  readonly source?: string;
  /** The class or label the attacker wants. */
  readonly target: string;
  /** Id of the one target image (Attack I, targeted image attack). */
  readonly targetImage?: string;
  readonly poisonCount: number;
  /** This goal's poisons over the final training set. */
  readonly rate: number;
}

/** What one poisoned record was built from. */
export interface PoisonRecord {
  /** Index in the poisoned dataset. */
  readonly index: number;
  /** Id in the poisoned dataset. */
  readonly id: string;
  /** Index into {@link PoisonManifest.goals}. */
  readonly goal: number;
  /** Id of the clean record whose pixels the poison shows (triggered or noised if said so). */
  readonly imageFrom: string;
  /** `target` when the image came from a separate target dataset (targeted image attack). */
  readonly imageDataset: 'training' | 'target';
  readonly captionSource: CaptionSource;
  /** Id of the clean record the captions were taken from, when they came from one. */
  readonly captionsFrom?: string;
  readonly captions: readonly string[];
  /** Id of the clean record this poison replaced (`replace` mode). */
  readonly replaced?: string;
  /** Whether the manifest's trigger was applied to the pixels. */
  readonly triggered: boolean;
  /** Standard deviation of the Gaussian noise added to this copy, if any. */
  readonly noiseStd?: number;
}

/** Everything needed to audit, reproduce and evaluate a poisoning: JSON-serialisable. */
export interface PoisonManifest {
  readonly format: 'mmpoison-poison-manifest';
  readonly version: 1;
  readonly attack: AttackName;
  /** The attack's options after defaults (the trigger as its spec). */
  readonly options: { readonly [key: string]: JsonValue };
  readonly seed: Seed;
  readonly mode: PoisonMode;
  readonly trigger?: TriggerSpec;
  readonly goals: readonly PoisonGoal[];
  readonly requested: PoisonBudget;
  readonly counts: {
    /** Records of the clean dataset. */
    readonly clean: number;
    /** Clean records still in the poisoned dataset. */
    readonly cleanKept: number;
    readonly poisons: number;
    /** |D|: records of the poisoned training set. */
    readonly total: number;
  };
  /** Achieved φ = |P| / |D|. */
  readonly rate: number;
  /** Ids of the poisoned records, in index order. */
  readonly poisonedIds: readonly string[];
  readonly poisons: readonly PoisonRecord[];
}
