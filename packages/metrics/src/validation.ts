/** The cut-offs reported when none are given: K = 1, 5, 10 (seed paper 1). */
export const defaultKs: readonly number[] = [1, 5, 10];

/** Checks a list of K cut-offs: non-empty, positive integers. */
export function checkKs(ks: readonly number[], caller: string): readonly number[] {
  if (ks.length === 0) throw new RangeError(`${caller}: ks is empty; give at least one cut-off K`);
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1)
      throw new RangeError(`${caller}: every K must be a positive integer, got ${k}`);
  }
  return ks;
}

/** Checks per-row class labels: one per row, integers in [0, classCount). */
export function checkLabels(
  labels: ArrayLike<number>,
  rows: number,
  classCount: number,
  name: string,
  caller: string,
): void {
  if (labels.length !== rows) {
    throw new RangeError(`${caller}: ${name} has ${labels.length} entries, expected one per row (${rows})`);
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new RangeError(
        `${caller}: ${name}[${i}] is ${label}, expected a class index in [0, ${classCount})`,
      );
    }
  }
}

/** Checks that a list is not empty, naming what was expected. */
export function checkNotEmpty(count: number, what: string, caller: string): void {
  if (count === 0) throw new RangeError(`${caller}: ${what} is empty; the metric needs at least one`);
}
