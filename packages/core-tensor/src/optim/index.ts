export { Adam } from './adam.js';
export type { AdamOptions } from './adam-core.js';
export { AdamW } from './adam-w.js';
export { clipGradientsByGlobalNorm } from './clip-gradients.js';
export {
  constantSchedule,
  type LearningRateSchedule,
  linearWarmupSchedule,
  warmupCosineSchedule,
} from './learning-rate-schedules.js';
export type { Optimizer, OptimizerState } from './optimizer.js';
export {
  isExemptFromWeightDecay,
  noWeightDecayNamePattern,
  type ParameterGroup,
  splitWeightDecayGroups,
} from './parameter-groups.js';
export { SgdMomentum, type SgdMomentumOptions } from './sgd-momentum.js';
