import type { EmbeddingMatrix } from './embedding-matrix.js';
import { assertComparable, type ChunkOptions, forEachScoreBlock } from './score-blocks.js';

/** The k best gallery rows per query, row-major `[queries × k]`, best first. */
export interface TopKResult {
  readonly indices: Int32Array;
  readonly scores: Float32Array;
  /** The k actually used: the requested k, or the gallery size if that is smaller. */
  readonly k: number;
}

/**
 * The `k` gallery rows with the highest dot product for every query, computed block by block so
 * memory is O(queryChunk × galleryChunk + queries × k) however large the gallery. Normalise the rows
 * first (or pass `cosine: true`) to rank by cosine similarity. Ties keep the lower gallery index
 * first, exactly as a stable descending sort of the full score matrix would.
 */
export function topKSimilar(
  queries: EmbeddingMatrix,
  gallery: EmbeddingMatrix,
  k: number,
  options: ChunkOptions = {},
): TopKResult {
  assertComparable(queries, gallery, 'topKSimilar');
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`topKSimilar: k must be a positive integer, got ${k}`);
  if (gallery.rows === 0) throw new RangeError('topKSimilar: the gallery is empty');
  const kept = Math.min(k, gallery.rows);
  const indices = new Int32Array(queries.rows * kept).fill(-1);
  const scores = new Float32Array(queries.rows * kept).fill(Number.NEGATIVE_INFINITY);
  // How many slots of each query's list are filled (the list is sorted, best first).
  const filled = new Int32Array(queries.rows);

  forEachScoreBlock(
    queries,
    gallery,
    (block) => {
      for (let q = 0; q < block.queryCount; q++) {
        const query = block.queryStart + q;
        const base = query * kept;
        let count = filled[query]!;
        const row = q * block.galleryCount;
        for (let g = 0; g < block.galleryCount; g++) {
          const score = block.scores[row + g]!;
          // Strictly better than the current k-th (or a free slot): gallery order is increasing, so
          // an equal score arrives later and ranks after, which is the stable-sort tie rule.
          if (count === kept && !(score > scores[base + kept - 1]!)) continue;
          let position = count === kept ? kept - 1 : count;
          while (position > 0 && score > scores[base + position - 1]!) {
            scores[base + position] = scores[base + position - 1]!;
            indices[base + position] = indices[base + position - 1]!;
            position--;
          }
          scores[base + position] = score;
          indices[base + position] = block.galleryStart + g;
          if (count < kept) count++;
        }
        filled[query] = count;
      }
    },
    { ...options, progressTask: options.progressTask ?? 'top-k' },
  );
  return { indices, scores, k: kept };
}
