import { auroc } from './auroc.js';

/** How well a score separates poisoned from clean items. */
export interface DetectionMetrics {
  /** Flagged items that are poisoned: TP / (TP + FP); 0 when nothing is flagged. */
  readonly precision: number;
  /** Poisoned items that are flagged: TP / (TP + FN); NaN when nothing is poisoned. */
  readonly recall: number;
  /** Area under the ROC curve over all thresholds (ties count one half); NaN if a class is empty. */
  readonly auroc: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
}

/**
 * Detection metrics of a suspicion score (higher = more suspicious) against the truth: an item is
 * flagged when its score is strictly above `threshold`, as seed paper 1's filter drops pairs whose
 * cosine distance is higher than γ.
 */
export function detectionMetrics(
  scores: ArrayLike<number>,
  poisoned: ArrayLike<boolean>,
  threshold: number,
): DetectionMetrics {
  if (scores.length !== poisoned.length) {
    throw new RangeError(
      `detectionMetrics: ${scores.length} scores but ${poisoned.length} poisoned flags; they must pair up`,
    );
  }
  if (Number.isNaN(threshold)) throw new RangeError('detectionMetrics: threshold is NaN');
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i]! > threshold;
    if (poisoned[i]) flagged ? truePositives++ : falseNegatives++;
    else flagged ? falsePositives++ : trueNegatives++;
  }
  const flaggedCount = truePositives + falsePositives;
  const poisonedCount = truePositives + falseNegatives;
  return {
    precision: flaggedCount === 0 ? 0 : truePositives / flaggedCount,
    recall: poisonedCount === 0 ? Number.NaN : truePositives / poisonedCount,
    auroc: auroc(scores, poisoned),
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
  };
}

export interface PoisonedFlagsOptions {
  /**
   * Skip poisoned ids that are not among the scored ids (scoring a sample of the dataset). By
   * default they are an error, so a manifest of another dataset is caught rather than scored as
   * "nothing detected".
   */
  readonly ignoreUnscored?: boolean;
}

/** Which of `ids` are poisoned according to a poison manifest's ids. */
export function poisonedFlags(
  ids: readonly string[],
  poisonedIds: Iterable<string>,
  options: PoisonedFlagsOptions = {},
): boolean[] {
  const position = new Map<string, number>();
  ids.forEach((id, index) => {
    if (position.has(id))
      throw new RangeError(
        `poisonedFlags: id "${id}" occurs twice in ids (rows ${position.get(id)} and ${index})`,
      );
    position.set(id, index);
  });
  const flags = new Array<boolean>(ids.length).fill(false);
  for (const id of poisonedIds) {
    const index = position.get(id);
    if (index === undefined) {
      if (options.ignoreUnscored) continue;
      throw new RangeError(`poisonedFlags: poisoned id "${id}" is not among the scored ids`);
    }
    flags[index] = true;
  }
  return flags;
}

/** {@link detectionMetrics} of per-id scores against a manifest's poisoned ids. */
export function detectionMetricsForManifest(
  ids: readonly string[],
  scores: ArrayLike<number>,
  poisonedIds: Iterable<string>,
  threshold: number,
  options: PoisonedFlagsOptions = {},
): DetectionMetrics {
  if (ids.length !== scores.length) {
    throw new RangeError(`detectionMetricsForManifest: ${ids.length} ids but ${scores.length} scores`);
  }
  return detectionMetrics(scores, poisonedFlags(ids, poisonedIds, options), threshold);
}
