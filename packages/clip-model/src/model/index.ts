export { applyActivation, gelu, quickGelu } from './activation.js';
export {
  CLIP_CONFIGS,
  type ClipActivation,
  type ClipConfig,
  type ClipConfigName,
  type ClipConfigOverrides,
  type ClipTextConfig,
  type ClipVisionConfig,
  isClipConfigName,
  resolveClipConfig,
  validateClipConfig,
  visionTokenCount,
} from './clip-config.js';
export { INITIAL_LOGIT_SCALE, initialParameterValues } from './clip-initialization.js';
export {
  ClipModel,
  type ClipModelOptions,
  createClipModel,
} from './clip-model.js';
export {
  type ClipParameterLayout,
  type ClipParameterSpec,
  clipParameterSpecs,
  modelLayoutShape,
  toModelLayout,
  toStateDictLayout,
  transposeMatrix,
} from './clip-parameters.js';
export { LAYER_NORM_EPSILON, layerNorm } from './layer-norm.js';
export {
  type ResidualBlockOptions,
  type ResidualBlockResult,
  type ResidualBlockWeights,
  residualAttentionBlock,
} from './residual-attention-block.js';
export { causalMask, textTower } from './text-tower.js';
export { tokenEmbedding } from './token-embedding.js';
export { patchify, type VisionTowerOptions, visionTower } from './vision-tower.js';
