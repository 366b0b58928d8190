import { type TensorToStore, tensorToStore, writeSafetensors } from '@mmpoison/core-tensor';
import type * as tf from '@tensorflow/tfjs';
import { type ClipModel, toStateDictLayout } from '../model/index.js';
import {
  CLIP_CHECKPOINT_FORMAT,
  CONFIG_METADATA_KEY,
  FORMAT_METADATA_KEY,
  OPTIMIZER_PREFIX,
} from './clip-checkpoint-format.js';

export interface SaveClipCheckpointOptions {
  /** Optimiser state tensors, stored as `optimizer/<key>` (float32 or int32). */
  readonly optimizerState?: ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>;
  /** Extra string metadata; the `mmpoison.*` keys are the saver's own and cannot be set. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Writes the model as a safetensors file (atomically) with OpenAI state-dict names and layout, F32,
 * and the config as JSON in the metadata, so OpenAI-layout tools can read it and
 * `loadClipCheckpoint` restores it bit for bit.
 */
export async function saveClipCheckpoint(
  model: ClipModel,
  path: string,
  options: SaveClipCheckpointOptions = {},
): Promise<void> {
  const tensors: Record<string, TensorToStore> = {};
  for (const spec of model.parameterSpecs) {
    const values = (await model.parameter(spec.name).data()) as Float32Array;
    tensors[spec.name] = { shape: spec.shape, data: toStateDictLayout(spec, values) };
  }
  const state = options.optimizerState;
  const stateEntries = state ? (state instanceof Map ? [...state.entries()] : Object.entries(state)) : [];
  for (const [key, tensor] of stateEntries) {
    tensors[`${OPTIMIZER_PREFIX}${key}`] = await tensorToStore(tensor);
  }
  const metadata: Record<string, string> = { ...options.metadata };
  for (const key of Object.keys(metadata)) {
    if (key.startsWith('mmpoison.')) {
      throw new Error(`saveClipCheckpoint: metadata key "${key}" is reserved for the checkpoint format`);
    }
  }
  metadata[FORMAT_METADATA_KEY] = CLIP_CHECKPOINT_FORMAT;
  metadata[CONFIG_METADATA_KEY] = JSON.stringify(model.config);
  await writeSafetensors(path, tensors, metadata);
}
