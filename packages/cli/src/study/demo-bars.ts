import type { StudyResults } from './study-results.js';

/** One success criterion of the demo (issue 6), with the numbers it was judged on. */
export interface DemoBar {
  readonly description: string;
  readonly clean: number;
  readonly poisoned: number;
  /** What the poisoned value had to reach, e.g. `≥ 0.412`. */
  readonly required: string;
  readonly met: boolean;
}

/**
 * The demo's bars for a label attack's first goal, at cut-off `k` (10): the poisoned model's
 * text→image Hit@k at least 0.3 above the clean model's, its mean MinRank at most half the clean
 * one's, and its text→image and image→text Recall@k each within 0.05 of the clean model's.
 */
export function evaluateDemoBars(results: StudyResults, k = 10): DemoBar[] {
  const { clean, poisoned } = results.models;
  const cleanGoal = clean.goals?.[0];
  const poisonedGoal = poisoned.goals?.[0];
  if (!cleanGoal || !poisonedGoal) throw new Error('evaluateDemoBars: the study has no label-attack goal');
  const value = (rates: Readonly<Record<number, number>>, what: string): number => {
    const rate = rates[k];
    if (rate === undefined) throw new Error(`evaluateDemoBars: ${what} was not computed at K = ${k}`);
    return rate;
  };
  const bars: DemoBar[] = [];
  const cleanHit = value(cleanGoal.attack.hitAtK, 'Hit@K');
  const poisonedHit = value(poisonedGoal.attack.hitAtK, 'Hit@K');
  bars.push({
    description: `${poisonedGoal.name} text→image Hit@${k} at least 0.3 above the clean model's`,
    clean: cleanHit,
    poisoned: poisonedHit,
    required: `≥ ${(cleanHit + 0.3).toFixed(3)}`,
    met: poisonedHit >= cleanHit + 0.3,
  });
  const cleanRank = cleanGoal.attack.minRank.mean;
  const poisonedRank = poisonedGoal.attack.minRank.mean;
  bars.push({
    description: `${poisonedGoal.name} mean MinRank at most half the clean model's`,
    clean: cleanRank,
    poisoned: poisonedRank,
    required: `≤ ${(cleanRank / 2).toFixed(2)}`,
    met: poisonedRank <= cleanRank / 2,
  });
  for (const [direction, label] of [
    ['textToImage', 'text→image'],
    ['imageToText', 'image→text'],
  ] as const) {
    const before = value(clean.recall[direction], `Recall@K ${label}`);
    const after = value(poisoned.recall[direction], `Recall@K ${label}`);
    bars.push({
      description: `utility: ${label} Recall@${k} within 0.05 of the clean model's`,
      clean: before,
      poisoned: after,
      required: `${(before - 0.05).toFixed(3)} … ${(before + 0.05).toFixed(3)}`,
      met: Math.abs(after - before) <= 0.05,
    });
  }
  return bars;
}

/** The bars as terminal lines: `[met] description: clean 0.100, poisoned 0.700 (needed ≥ 0.400)`. */
export function formatDemoBars(bars: readonly DemoBar[]): string {
  const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));
  return bars
    .map(
      (bar) =>
        `${bar.met ? '[met]    ' : '[NOT met]'} ${bar.description}: clean ${number(bar.clean)}, poisoned ${number(bar.poisoned)} (needed ${bar.required})`,
    )
    .join('\n');
}
