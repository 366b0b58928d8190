import type { AttackName, PoisonBudget, PoisonGoal, PoisonMode, TriggerSpec } from '@mmpoison/attacks';
import type { MinRankSummary, RateAtK } from '@mmpoison/metrics';
import type { StudyConfig } from './study-config.js';

/** How one model's training went. */
export interface TrainingSummary {
  readonly steps: number;
  readonly epochs: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
  readonly finalLoss: number;
  readonly epochMeanLosses: readonly number[];
}

/** Hit@K and MinRank of a set of queries against their targets. */
export interface RetrievalSummary {
  readonly queries: number;
  readonly hitAtK: RateAtK;
  readonly minRank: MinRankSummary;
}

/** A label attack's goal A2B evaluated text→image: test captions of A retrieving test images of B. */
export interface GoalEvaluation {
  /** `source2target`. */
  readonly name: string;
  readonly source: string;
  readonly target: string;
  /** Test images of the target class (the targets). */
  readonly targets: number;
  readonly attack: RetrievalSummary;
  /** As many random test captions (any class but A), evaluated the same way. */
  readonly baseline: RetrievalSummary;
}

/** A backdoor evaluated on the triggered test images. */
export interface BackdoorEvaluation {
  readonly target: string;
  /** Zero-shot: triggered non-target images classified as the target, at each K. */
  readonly attackSuccessRate: RateAtK;
  /** The same on the clean (untriggered) images: how often the target is predicted anyway. */
  readonly cleanTargetRate: RateAtK;
  readonly evaluated: number;
  readonly excluded: number;
}

/** Every metric of one model (clean or poisoned) on the test split. */
export interface ModelEvaluation {
  readonly training: TrainingSummary;
  /** Utility: Recall@K text→image and image→text (any of an image's captions counts). */
  readonly recall: { readonly textToImage: RateAtK; readonly imageToText: RateAtK };
  /** Zero-shot accuracy at each K with the configured prompt templates (labelled data only). */
  readonly zeroShotAccuracy?: RateAtK;
  readonly goals?: readonly GoalEvaluation[];
  readonly backdoor?: BackdoorEvaluation;
}

/** The poison manifest without its per-record list. */
export interface PoisoningSummary {
  readonly attack: AttackName;
  readonly mode: PoisonMode;
  readonly seed: number | string;
  readonly requested: PoisonBudget;
  readonly goals: readonly PoisonGoal[];
  readonly counts: {
    readonly clean: number;
    readonly cleanKept: number;
    readonly poisons: number;
    readonly total: number;
  };
  readonly rate: number;
  readonly trigger?: TriggerSpec;
  /** The first poisoned ids, for a look at the data. */
  readonly examplePoisonedIds: readonly string[];
}

/** Everything a study measured, as written to `results.json`. */
export interface StudyResults {
  readonly format: 'mmpoison-study-results';
  readonly version: 1;
  readonly name: string;
  readonly seed: number;
  readonly config: StudyConfig;
  readonly startedAt: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly backend: { readonly name: string; readonly threads?: number };
  readonly machine: { readonly cpus: number; readonly loadAverage: readonly number[] };
  /** Seconds per stage (`data`, `attack`, `train clean`, …) and in total. */
  readonly timings: Readonly<Record<string, number>>;
  readonly data: {
    readonly train: number;
    readonly test: number;
    readonly testCaptions: number;
    readonly classes?: readonly string[];
  };
  readonly poisoning: PoisoningSummary;
  readonly models: { readonly clean: ModelEvaluation; readonly poisoned: ModelEvaluation };
  /** 1 − cos between the clean and the poisoned model's embeddings of the same test inputs. */
  readonly cosineDistance: {
    readonly images: { readonly mean: number; readonly median: number };
    readonly captions: { readonly mean: number; readonly median: number };
  };
}
