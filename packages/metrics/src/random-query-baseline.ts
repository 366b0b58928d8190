import { type EmbeddingMatrix, type Seed, SeededRandom, selectRows } from '@mmpoison/core-tensor';
import {
  type RetrievalOptions,
  type TargetRetrievalResult,
  type Targets,
  targetRetrieval,
  targetsFunction,
} from './target-retrieval.js';

/** The baseline's metrics and which pool rows were drawn. */
export interface RandomQueryBaselineResult extends TargetRetrievalResult {
  /** Rows of the pool used as queries, in draw order. */
  readonly queryIndices: Int32Array;
}

/**
 * The random-query baseline (seed paper 1, Sec. 4.1): `count` queries drawn without replacement
 * from the candidate `pool` (e.g. all test captions), evaluated against the same targets exactly as
 * the attack queries are. `targets` as a function receives the pool row. The reference code draws
 * with a pandas sample from all test captions; here the draw comes from `seed` (a SeededRandom is
 * drawn from, advancing it), so the same seed gives the same queries.
 */
export function randomQueryBaseline(
  pool: EmbeddingMatrix,
  count: number,
  gallery: EmbeddingMatrix,
  targets: Targets,
  seed: Seed | SeededRandom,
  options: RetrievalOptions = {},
): RandomQueryBaselineResult {
  if (!Number.isInteger(count) || count < 1 || count > pool.rows) {
    throw new RangeError(
      `randomQueryBaseline: count must be an integer in [1, ${pool.rows}] (the pool size), got ${count}`,
    );
  }
  const random = seed instanceof SeededRandom ? seed : SeededRandom.fromSeed(seed);
  const queryIndices = Int32Array.from(
    random.sample(
      Array.from({ length: pool.rows }, (_, i) => i),
      count,
    ),
  );
  const poolTargets = targetsFunction(targets);
  const result = targetRetrieval(
    selectRows(pool, queryIndices),
    gallery,
    (queryIndex) => poolTargets(queryIndices[queryIndex]!),
    options,
  );
  return { ...result, queryIndices };
}
