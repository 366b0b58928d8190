import { type Seed, SeededRandom } from '@mmpoison/core-tensor';

/** Row indices of the two parts, each in increasing order. */
export interface TrainTestSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface TrainTestSplitOptions {
  /** Fraction of rows held out for testing, in (0, 1) (default 0.2). */
  readonly testFraction?: number;
  /** Seed of the shuffle (a SeededRandom is drawn from, advancing it). */
  readonly seed: Seed | SeededRandom;
  /** Class labels to stratify by: each class is split in the same proportion. */
  readonly stratifyBy?: ArrayLike<number>;
}

/**
 * A seeded random split of `count` rows into train and test parts; with `stratifyBy`, every class
 * contributes round(size · testFraction) rows to the test part. Both parts must end up non-empty.
 */
export function trainTestSplit(count: number, options: TrainTestSplitOptions): TrainTestSplit {
  const caller = 'trainTestSplit';
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`${caller}: testFraction must be strictly between 0 and 1, got ${testFraction}`);
  }
  if (!Number.isInteger(count) || count < 2) {
    throw new RangeError(`${caller}: count must be an integer of at least 2, got ${count}`);
  }
  const random = options.seed instanceof SeededRandom ? options.seed : SeededRandom.fromSeed(options.seed);
  const groups = new Map<number, number[]>();
  if (options.stratifyBy) {
    if (options.stratifyBy.length !== count) {
      throw new RangeError(
        `${caller}: stratifyBy has ${options.stratifyBy.length} labels, expected ${count}`,
      );
    }
    for (let row = 0; row < count; row++) {
      const label = options.stratifyBy[row]!;
      const group = groups.get(label);
      if (group) group.push(row);
      else groups.set(label, [row]);
    }
  } else {
    groups.set(
      0,
      Array.from({ length: count }, (_, row) => row),
    );
  }
  const train: number[] = [];
  const test: number[] = [];
  // Sorted keys: the draw order must not depend on the order labels first appear in.
  for (const label of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = random.shuffle(groups.get(label)!);
    const testCount = Math.round(rows.length * testFraction);
    test.push(...rows.slice(0, testCount));
    train.push(...rows.slice(testCount));
  }
  if (train.length === 0 || test.length === 0) {
    throw new RangeError(
      `${caller}: splitting ${count} rows with testFraction ${testFraction} leaves an empty ${train.length === 0 ? 'train' : 'test'} part`,
    );
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}
