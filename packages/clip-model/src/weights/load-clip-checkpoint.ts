import type { SafetensorsContents } from '@mmpoison/core-tensor';
import { type ClipModel, type ClipModelOptions, createClipModel } from '../model/index.js';
import type { ClipInferenceOptions } from './infer-clip-config.js';
import { readClipCheckpoint } from './read-clip-checkpoint.js';

export interface LoadClipCheckpointOptions extends ClipInferenceOptions {
  readonly tokenizer: ClipModelOptions['tokenizer'];
  readonly normalization?: ClipModelOptions['normalization'];
  readonly scope?: string;
}

/**
 * A ClipModel with the weights of a safetensors checkpoint (OpenAI or Hugging Face names, F32, F16
 * or BF16; see {@link readClipCheckpoint}); the config is inferred from the file.
 */
export async function loadClipCheckpoint(
  source: string | SafetensorsContents,
  options: LoadClipCheckpointOptions,
): Promise<ClipModel> {
  const inference: ClipInferenceOptions = {
    ...(options.activation ? { activation: options.activation } : {}),
    ...(options.heads ? { heads: options.heads } : {}),
  };
  const checkpoint = await readClipCheckpoint(source, inference);
  return createClipModel(checkpoint.config, {
    tokenizer: options.tokenizer,
    weights: checkpoint.weights,
    ...(options.normalization ? { normalization: options.normalization } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  });
}
