import type * as tf from '@tensorflow/tfjs';

/**
 * Embeddings in plain memory (row-major `rows × dim` float32), so a gallery of a million never sits
 * in tensor memory at once: the chunked retrieval functions copy one block at a time into tensors.
 */
export interface EmbeddingMatrix {
  readonly rows: number;
  readonly dim: number;
  readonly data: Float32Array;
}

function assertCount(value: number, name: string, caller: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${caller}: ${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Wraps `data` (not copied) as a `rows × dim` matrix, checking the length and that every value is
 * finite: one NaN would silently turn every comparison against it false and corrupt ranks.
 */
export function embeddingMatrix(data: Float32Array, rows: number, dim: number): EmbeddingMatrix {
  assertCount(rows, 'rows', 'embeddingMatrix');
  assertCount(dim, 'dim', 'embeddingMatrix');
  if (dim === 0) throw new RangeError('embeddingMatrix: dim must be at least 1');
  if (!(data instanceof Float32Array)) {
    throw new TypeError('embeddingMatrix: data must be a Float32Array (row-major rows × dim)');
  }
  if (data.length !== rows * dim) {
    throw new RangeError(
      `embeddingMatrix: data has ${data.length} values, expected rows × dim = ${rows} × ${dim} = ${rows * dim}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new RangeError(
        `embeddingMatrix: value at row ${Math.floor(i / dim)}, column ${i % dim} is ${data[i]}; embeddings must be finite`,
      );
    }
  }
  return { rows, dim, data };
}

/** Copies a 2-D tensor into plain memory (the tensor is not disposed). */
export function embeddingMatrixFromTensor(x: tf.Tensor2D): EmbeddingMatrix {
  if (x.rank !== 2)
    throw new RangeError(`embeddingMatrixFromTensor: expected a 2-D tensor, got [${x.shape}]`);
  const [rows, dim] = x.shape;
  // A copy: some backends hand back their own storage, which must not be aliased.
  return embeddingMatrix(new Float32Array(x.dataSync()), rows, dim);
}

/**
 * A copy with every row scaled to unit L2 norm (a zero row stays zero), so dot products become
 * cosine similarities. Accumulates in float64 for the norm.
 */
export function normalizeRows(m: EmbeddingMatrix): EmbeddingMatrix {
  const out = new Float32Array(m.data.length);
  for (let row = 0; row < m.rows; row++) {
    const start = row * m.dim;
    let squared = 0;
    for (let j = 0; j < m.dim; j++) squared += m.data[start + j]! ** 2;
    const scale = squared > 1e-24 ? 1 / Math.sqrt(squared) : 1e12;
    for (let j = 0; j < m.dim; j++) out[start + j] = m.data[start + j]! * scale;
  }
  return { rows: m.rows, dim: m.dim, data: out };
}

/** A new matrix holding the given rows of `m`, in the given order (repeats allowed). */
export function selectRows(m: EmbeddingMatrix, indices: ArrayLike<number>): EmbeddingMatrix {
  const out = new Float32Array(indices.length * m.dim);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= m.rows) {
      throw new RangeError(`selectRows: index ${i} is ${row}, expected an integer row in [0, ${m.rows})`);
    }
    out.set(m.data.subarray(row * m.dim, (row + 1) * m.dim), i * m.dim);
  }
  return { rows: indices.length, dim: m.dim, data: out };
}
