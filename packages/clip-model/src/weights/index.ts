export { type ClipCheckpointEntry, formatShape } from './clip-checkpoint-entry.js';
export {
  CLIP_CHECKPOINT_FORMAT,
  CONFIG_METADATA_KEY,
  FORMAT_METADATA_KEY,
  OPTIMIZER_PREFIX,
} from './clip-checkpoint-format.js';
export { countParameters } from './count-parameters.js';
export {
  fromHuggingFaceNames,
  huggingFaceNamesOf,
  isHuggingFaceLayout,
  isIgnoredCheckpointName,
} from './huggingface-names.js';
export {
  type ClipInferenceOptions,
  inferClipConfig,
  type ShapedTensors,
  toOpenAiShapes,
} from './infer-clip-config.js';
export { type LoadClipCheckpointOptions, loadClipCheckpoint } from './load-clip-checkpoint.js';
export { matchClipTensors } from './match-clip-tensors.js';
export { type ClipCheckpoint, readClipCheckpoint } from './read-clip-checkpoint.js';
export { type SaveClipCheckpointOptions, saveClipCheckpoint } from './save-clip-checkpoint.js';
