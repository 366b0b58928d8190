export { cosineDistanceMatrix, cosineSimilarityMatrix, rowCosineSimilarity } from './cosine-similarity.js';
export {
  type EmbeddingMatrix,
  embeddingMatrix,
  embeddingMatrixFromTensor,
  normalizeRows,
  selectRows,
} from './embedding-matrix.js';
export { l2Normalize } from './l2-normalize.js';
export { pairedCosineSimilarity } from './paired-cosine-similarity.js';
export { rankOfTargets } from './rank-of-targets.js';
export {
  type ChunkOptions,
  defaultGalleryChunkSize,
  defaultQueryChunkSize,
  forEachScoreBlock,
  type ScoreBlock,
  type ScoreBlockOptions,
} from './score-blocks.js';
export { type TopKResult, topKSimilar } from './top-k-similar.js';
