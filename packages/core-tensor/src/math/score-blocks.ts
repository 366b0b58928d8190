import * as tf from '@tensorflow/tfjs';
import type { ProgressReporter } from '../contracts/progress.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';
import { l2Normalize } from './l2-normalize.js';

/** How the chunked retrieval functions split the work; memory is O(queryChunkSize × galleryChunkSize). */
export interface ChunkOptions {
  /** Query rows multiplied at once (default 1024). */
  readonly queryChunkSize?: number;
  /** Gallery rows multiplied at once (default 8192). */
  readonly galleryChunkSize?: number;
  /**
   * Score by cosine similarity: each chunk is L2-normalised in tensor memory before the product, so
   * no normalised copy of the whole gallery is needed. Default false (plain dot product).
   */
  readonly cosine?: boolean;
  /** Receives one event per finished query chunk. */
  readonly progress?: ProgressReporter;
  /** Task name in progress events (default `"score"`). */
  readonly progressTask?: string;
}

export const defaultQueryChunkSize = 1024;
export const defaultGalleryChunkSize = 8192;

/** One block of scores: `scores[q * galleryCount + g]` is query `queryStart + q` against gallery `galleryStart + g`. */
export interface ScoreBlock {
  readonly queryStart: number;
  readonly queryCount: number;
  readonly galleryStart: number;
  readonly galleryCount: number;
  readonly scores: Float32Array;
}

export interface ScoreBlockOptions extends ChunkOptions {
  /** Skip a block when this returns false (saves the product when a block cannot matter). */
  readonly includeBlock?: (
    queryStart: number,
    queryCount: number,
    galleryStart: number,
    galleryCount: number,
  ) => boolean;
  /** Emit progress events (default true). */
  readonly reportProgress?: boolean;
}

function chunkSize(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`ChunkOptions.${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Validates the two matrices for a query × gallery product. */
export function assertComparable(queries: EmbeddingMatrix, gallery: EmbeddingMatrix, caller: string): void {
  if (queries.dim !== gallery.dim) {
    throw new RangeError(
      `${caller}: queries have dim ${queries.dim} but the gallery has dim ${gallery.dim}; they must match`,
    );
  }
  for (const [name, m] of [
    ['queries', queries],
    ['gallery', gallery],
  ] as const) {
    if (m.data.length !== m.rows * m.dim) {
      throw new RangeError(
        `${caller}: ${name}.data has ${m.data.length} values, expected ${m.rows} × ${m.dim}`,
      );
    }
  }
}

/**
 * Visits the query × gallery score matrix block by block, in query-chunk-major then gallery order.
 * Each block is one tf matrix product inside `tf.tidy`, read back to plain memory; only one query
 * chunk and one gallery chunk are in tensor memory at a time. The same chunk sizes always give
 * bit-identical scores, which `rankOfTargets` relies on when it visits blocks twice.
 */
export function forEachScoreBlock(
  queries: EmbeddingMatrix,
  gallery: EmbeddingMatrix,
  visit: (block: ScoreBlock) => void,
  options: ScoreBlockOptions = {},
): void {
  assertComparable(queries, gallery, 'forEachScoreBlock');
  const queryChunk = chunkSize(options.queryChunkSize, defaultQueryChunkSize, 'queryChunkSize');
  const galleryChunk = chunkSize(options.galleryChunkSize, defaultGalleryChunkSize, 'galleryChunkSize');
  const dim = queries.dim;
  const reportProgress = options.reportProgress ?? true;
  for (let queryStart = 0; queryStart < queries.rows; queryStart += queryChunk) {
    const queryCount = Math.min(queryChunk, queries.rows - queryStart);
    let queryTensor: tf.Tensor2D | undefined;
    try {
      for (let galleryStart = 0; galleryStart < gallery.rows; galleryStart += galleryChunk) {
        const galleryCount = Math.min(galleryChunk, gallery.rows - galleryStart);
        if (
          options.includeBlock &&
          !options.includeBlock(queryStart, queryCount, galleryStart, galleryCount)
        ) {
          continue;
        }
        if (queryTensor === undefined) {
          const rows = queries.data.subarray(queryStart * dim, (queryStart + queryCount) * dim);
          queryTensor = tf.tidy(() => {
            const raw = tf.tensor2d(rows, [queryCount, dim]);
            return options.cosine ? l2Normalize(raw) : raw;
          });
        }
        const currentQueries = queryTensor;
        // The gallery chunk goes in already transposed, [dim, galleryCount]: a plain product is
        // several times faster than matMul(…, transposeB) on the wasm backend, and the copy is
        // O(galleryChunk × dim), small next to the product.
        const transposed = transposeRows(gallery.data, galleryStart, galleryCount, dim);
        const product = tf.tidy(() => {
          const raw = tf.tensor2d(transposed, [dim, galleryCount]);
          const galleryTensor = options.cosine ? l2Normalize(raw, 0) : raw;
          return tf.matMul(currentQueries, galleryTensor);
        });
        let scores: Float32Array;
        try {
          scores = product.dataSync() as Float32Array;
        } finally {
          product.dispose();
        }
        visit({ queryStart, queryCount, galleryStart, galleryCount, scores });
      }
    } finally {
      queryTensor?.dispose();
    }
    if (reportProgress && options.progress) {
      options.progress.report({
        task: options.progressTask ?? 'score',
        done: queryStart + queryCount,
        total: queries.rows,
        unit: 'queries',
      });
    }
  }
}

/** Rows `start … start+count−1` of a row-major `[*, dim]` array, as a row-major `[dim, count]` array. */
function transposeRows(data: Float32Array, start: number, count: number, dim: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const offset = (start + i) * dim;
    for (let j = 0; j < dim; j++) out[j * count + i] = data[offset + j]!;
  }
  return out;
}
