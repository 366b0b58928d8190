import type { EmbeddingMatrix } from './embedding-matrix.js';

/**
 * Cosine similarity of row i of `a` with row i of `b`, in plain memory (float64 accumulation):
 * for comparing two models' embeddings of the same inputs, or clean against triggered copies.
 */
export function pairedCosineSimilarity(a: EmbeddingMatrix, b: EmbeddingMatrix): Float64Array {
  if (a.rows !== b.rows || a.dim !== b.dim) {
    throw new RangeError(
      `pairedCosineSimilarity: shapes differ (${a.rows} × ${a.dim} vs ${b.rows} × ${b.dim}); rows are compared pairwise`,
    );
  }
  const out = new Float64Array(a.rows);
  for (let row = 0; row < a.rows; row++) {
    const start = row * a.dim;
    let dot = 0;
    let squaredA = 0;
    let squaredB = 0;
    for (let j = 0; j < a.dim; j++) {
      const x = a.data[start + j]!;
      const y = b.data[start + j]!;
      dot += x * y;
      squaredA += x * x;
      squaredB += y * y;
    }
    // Same epsilon clamp as l2Normalize: a zero row has similarity 0 with everything.
    out[row] = dot / (Math.max(Math.sqrt(squaredA), 1e-12) * Math.max(Math.sqrt(squaredB), 1e-12));
  }
  return out;
}
