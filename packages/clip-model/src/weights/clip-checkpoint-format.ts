/** safetensors metadata keys and tensor-name prefix of the checkpoints `saveClipCheckpoint` writes. */
export const CLIP_CHECKPOINT_FORMAT = 'mmpoison-clip';
export const FORMAT_METADATA_KEY = 'mmpoison.format';
export const CONFIG_METADATA_KEY = 'mmpoison.clip.config';
/** Optimiser state tensors are stored as `optimizer/<key>` next to the model's OpenAI names. */
export const OPTIMIZER_PREFIX = 'optimizer/';
