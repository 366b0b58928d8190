import { type EmbeddingMatrix, embeddingMatrix } from '@mmpoison/core-tensor';
import { checkLabels } from './validation.js';

/**
 * Zero-shot class embeddings from prompt templates (CLIP's "prompt ensembling", as methods.md's
 * clean accuracy asks): each template embedding is L2-normalised, the class's normalised embeddings
 * are averaged, and the mean is normalised again. `classOfRow[r]` is the class of template row r.
 */
export function classEmbeddingsFromTemplates(
  templateEmbeddings: EmbeddingMatrix,
  classOfRow: ArrayLike<number>,
  classCount: number,
): EmbeddingMatrix {
  const caller = 'classEmbeddingsFromTemplates';
  if (!Number.isInteger(classCount) || classCount < 1) {
    throw new RangeError(`${caller}: classCount must be a positive integer, got ${classCount}`);
  }
  checkLabels(classOfRow, templateEmbeddings.rows, classCount, 'classOfRow', caller);
  const { dim, data } = templateEmbeddings;
  const sums = new Float64Array(classCount * dim);
  const counts = new Int32Array(classCount);
  for (let row = 0; row < templateEmbeddings.rows; row++) {
    const label = classOfRow[row]!;
    let squared = 0;
    for (let j = 0; j < dim; j++) squared += data[row * dim + j]! ** 2;
    const scale = 1 / Math.max(Math.sqrt(squared), 1e-12);
    for (let j = 0; j < dim; j++)
      sums[label * dim + j] = sums[label * dim + j]! + data[row * dim + j]! * scale;
    counts[label] = counts[label]! + 1;
  }
  const missing = counts.indexOf(0);
  if (missing >= 0) throw new RangeError(`${caller}: class ${missing} has no template embedding`);
  const out = new Float32Array(classCount * dim);
  for (let label = 0; label < classCount; label++) {
    let squared = 0;
    for (let j = 0; j < dim; j++) squared += sums[label * dim + j]! ** 2;
    const scale = 1 / Math.max(Math.sqrt(squared), 1e-12);
    for (let j = 0; j < dim; j++) out[label * dim + j] = sums[label * dim + j]! * scale;
  }
  return embeddingMatrix(out, classCount, dim);
}
