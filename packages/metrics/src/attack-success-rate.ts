import type { EmbeddingMatrix } from '@mmpoison/core-tensor';
import type { RateAtK } from './hit-at-k.js';
import { selectRowsWhere } from './select-rows-where.js';
import { checkKs, checkLabels, defaultKs } from './validation.js';
import { topKRates, type ZeroShotOptions, zeroShotPredictions } from './zero-shot-accuracy.js';

/** Backdoor attack success rate and how many images it was computed over. */
export interface AttackSuccessRateResult {
  /** Per K, the fraction of evaluated images with the target class among the top K predictions. */
  readonly rate: RateAtK;
  /** Triggered images whose true class is not the target. */
  readonly evaluated: number;
  /** Triggered images of the target class, left out. */
  readonly excluded: number;
}

/**
 * Attack success rate of a backdoor (CleanCLIP; methods.md): among triggered test images
 * whose true class is not the target, the fraction the zero-shot classifier assigns to the target
 * class, top-1 (and top-k for the other cut-offs). Images of the target class are excluded because
 * predicting the target for them is correct, not the backdoor (methods.md: the reference CleanCLIP
 * code does not implement this).
 */
export function attackSuccessRate(
  triggeredImages: EmbeddingMatrix,
  classEmbeddings: EmbeddingMatrix,
  trueLabels: ArrayLike<number>,
  targetClass: number,
  options: ZeroShotOptions = {},
): AttackSuccessRateResult {
  const caller = 'attackSuccessRate';
  checkLabels(trueLabels, triggeredImages.rows, classEmbeddings.rows, 'trueLabels', caller);
  if (!Number.isInteger(targetClass) || targetClass < 0 || targetClass >= classEmbeddings.rows) {
    throw new RangeError(
      `${caller}: targetClass is ${targetClass}, expected a class index in [0, ${classEmbeddings.rows})`,
    );
  }
  const ks = checkKs(options.ks ?? defaultKs, caller);
  const kept = selectRowsWhere(triggeredImages, (row) => trueLabels[row] !== targetClass);
  if (kept.rows === 0) {
    throw new RangeError(
      `${caller}: every triggered image is of the target class ${targetClass}; none to evaluate`,
    );
  }
  const predictions = zeroShotPredictions(kept, classEmbeddings, Math.max(...ks), options);
  return {
    rate: topKRates(predictions, new Int32Array(kept.rows).fill(targetClass), ks),
    evaluated: kept.rows,
    excluded: triggeredImages.rows - kept.rows,
  };
}
