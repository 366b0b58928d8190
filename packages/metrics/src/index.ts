export { type AttackSuccessRateResult, attackSuccessRate } from './attack-success-rate.js';
export { auroc } from './auroc.js';
export { backdoorHitAtK } from './backdoor-hit-at-k.js';
export { classEmbeddingsFromTemplates } from './class-embeddings.js';
export { type CosineDistanceSummary, embeddingCosineDistance } from './embedding-cosine-distance.js';
export { type EmbeddingShiftSummary, embeddingShift } from './embedding-shift.js';
export { hitAtK, type RateAtK } from './hit-at-k.js';
export { LinearProbe, type LinearProbeOptions } from './linear-probe.js';
export {
  type LinearProbeAccuracyOptions,
  type LinearProbeAccuracyResult,
  linearProbeAccuracy,
} from './linear-probe-accuracy.js';
export { type MinRankSummary, minRankSummary } from './min-rank.js';
export {
  type DetectionMetrics,
  detectionMetrics,
  detectionMetricsForManifest,
  type PoisonedFlagsOptions,
  poisonedFlags,
} from './poison-detection.js';
export { poisonSuccessRate } from './poison-success-rate.js';
export { type RandomQueryBaselineResult, randomQueryBaseline } from './random-query-baseline.js';
export { type RecallAtKResult, type RecallDirection, recallAtK } from './recall-at-k.js';
export {
  type RetrievalOptions,
  type TargetRetrievalResult,
  type Targets,
  targetRetrieval,
} from './target-retrieval.js';
export { type TrainTestSplit, type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
export { defaultKs } from './validation.js';
export { type ZeroShotOptions, zeroShotAccuracy, zeroShotPredictions } from './zero-shot-accuracy.js';
