import type { EmbeddingMatrix } from './embedding-matrix.js';
import {
  assertComparable,
  type ChunkOptions,
  defaultGalleryChunkSize,
  forEachScoreBlock,
} from './score-blocks.js';

/**
 * For every query, the 1-based rank of its best-ranked target in the whole gallery:
 * rank = 1 + (number of gallery rows scoring strictly higher than the best target's score).
 *
 * Tie rule: a non-target scoring exactly the same as the best target does not push it down (ties are
 * resolved in the target's favour), so the rank does not depend on gallery order. No target can score
 * above the best target, so every row counted is a non-target.
 *
 * Two passes over the blocks with identical chunking (so scores are bit-identical): first the best
 * target score per query, visiting only blocks that hold a target of some query in the chunk; then
 * the count of rows above it. Memory stays O(queryChunk × galleryChunk) plus the target lists.
 */
export function rankOfTargets(
  queries: EmbeddingMatrix,
  gallery: EmbeddingMatrix,
  targetsOf: (queryIndex: number) => readonly number[],
  options: ChunkOptions = {},
): Int32Array {
  assertComparable(queries, gallery, 'rankOfTargets');
  const galleryChunk = options.galleryChunkSize ?? defaultGalleryChunkSize;
  const targets: Int32Array[] = [];
  for (let query = 0; query < queries.rows; query++) {
    const list = targetsOf(query);
    if (list.length === 0) {
      throw new RangeError(
        `rankOfTargets: query ${query} has no target items; every query needs at least one`,
      );
    }
    const checked = new Int32Array(list.length);
    for (let t = 0; t < list.length; t++) {
      const target = list[t]!;
      if (!Number.isInteger(target) || target < 0 || target >= gallery.rows) {
        throw new RangeError(
          `rankOfTargets: target ${t} of query ${query} is ${target}, expected an integer gallery row in [0, ${gallery.rows})`,
        );
      }
      checked[t] = target;
    }
    targets.push(checked);
  }

  // Gallery chunks holding a target of some query in the current query chunk (rebuilt per chunk).
  const chunksWithTargets = new Set<number>();
  let cachedQueryStart = -1;
  const best = new Float32Array(queries.rows).fill(Number.NEGATIVE_INFINITY);
  forEachScoreBlock(
    queries,
    gallery,
    (block) => {
      const galleryEnd = block.galleryStart + block.galleryCount;
      for (let q = 0; q < block.queryCount; q++) {
        const query = block.queryStart + q;
        const row = q * block.galleryCount;
        let top = best[query]!;
        for (const target of targets[query]!) {
          if (target < block.galleryStart || target >= galleryEnd) continue;
          const score = block.scores[row + target - block.galleryStart]!;
          if (score > top) top = score;
        }
        best[query] = top;
      }
    },
    {
      ...options,
      reportProgress: false,
      includeBlock: (queryStart, queryCount, galleryStart) => {
        if (queryStart !== cachedQueryStart) {
          cachedQueryStart = queryStart;
          chunksWithTargets.clear();
          for (let query = queryStart; query < queryStart + queryCount; query++) {
            for (const target of targets[query]!) chunksWithTargets.add(Math.floor(target / galleryChunk));
          }
        }
        return chunksWithTargets.has(Math.floor(galleryStart / galleryChunk));
      },
    },
  );

  const ranks = new Int32Array(queries.rows).fill(1);
  forEachScoreBlock(
    queries,
    gallery,
    (block) => {
      for (let q = 0; q < block.queryCount; q++) {
        const query = block.queryStart + q;
        const threshold = best[query]!;
        const row = q * block.galleryCount;
        let above = 0;
        for (let g = 0; g < block.galleryCount; g++) if (block.scores[row + g]! > threshold) above++;
        ranks[query] = ranks[query]! + above;
      }
    },
    { ...options, progressTask: options.progressTask ?? 'rank' },
  );
  return ranks;
}
