import { readSafetensors, type SafetensorsContents, type StoredTensor } from '@mmpoison/core-tensor';
import { type ClipConfig, resolveClipConfig } from '../model/index.js';
import { type ClipCheckpointEntry, formatShape } from './clip-checkpoint-entry.js';
import { CONFIG_METADATA_KEY, OPTIMIZER_PREFIX } from './clip-checkpoint-format.js';
import { fromHuggingFaceNames, isHuggingFaceLayout, isIgnoredCheckpointName } from './huggingface-names.js';
import { type ClipInferenceOptions, inferClipConfig } from './infer-clip-config.js';
import { matchClipTensors } from './match-clip-tensors.js';

/** A CLIP checkpoint's contents, checked against its config, before any model is built. */
export interface ClipCheckpoint {
  readonly config: ClipConfig;
  /** Which names the file used. */
  readonly layout: 'openai' | 'huggingface';
  /** Every parameter in OpenAI state-dict layout, keyed and ordered by state-dict name. */
  readonly weights: ReadonlyMap<string, Float32Array>;
  /** Optimiser state saved with the model (`optimizer/<key>` in the file), keyed by `<key>`. */
  readonly optimizerState: ReadonlyMap<string, StoredTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

function configFromMetadata(text: string, file: string): ClipConfig {
  try {
    return resolveClipConfig(JSON.parse(text) as ClipConfig);
  } catch (error) {
    throw new Error(
      `${file}: metadata "${CONFIG_METADATA_KEY}" is not a valid CLIP config (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

/**
 * Reads a safetensors CLIP checkpoint (a path, or contents already decoded) with OpenAI state-dict
 * or Hugging Face `CLIPModel` names, F32/F16/BF16. The config comes from the file's mmpoison
 * metadata when present, else from the tensor shapes; `options` override activation and heads. A
 * missing, extra or mis-shaped tensor throws naming the tensor and both shapes.
 */
export async function readClipCheckpoint(
  source: string | SafetensorsContents,
  options: ClipInferenceOptions = {},
): Promise<ClipCheckpoint> {
  const file = typeof source === 'string' ? source : 'CLIP checkpoint';
  const contents = typeof source === 'string' ? await readSafetensors(source) : source;
  const optimizerState = new Map<string, StoredTensor>();
  const parameters = new Map<string, ClipCheckpointEntry>();
  for (const [name, stored] of contents.tensors) {
    if (name.startsWith(OPTIMIZER_PREFIX)) {
      optimizerState.set(name.slice(OPTIMIZER_PREFIX.length), stored);
      continue;
    }
    if (isIgnoredCheckpointName(name)) continue;
    parameters.set(name, {
      shape: stored.shape,
      source: name,
      read: () => {
        if (!(stored.data instanceof Float32Array)) {
          throw new Error(`${file}: tensor ${name} has dtype ${stored.dtype}, expected F32, F16 or BF16`);
        }
        return stored.data;
      },
    });
  }
  const huggingFace = isHuggingFaceLayout(parameters.keys());
  const tensors = huggingFace ? fromHuggingFaceNames(parameters) : parameters;

  const savedConfig = contents.metadata[CONFIG_METADATA_KEY];
  let config: ClipConfig;
  if (savedConfig !== undefined) {
    const saved = configFromMetadata(savedConfig, file);
    config = resolveClipConfig(saved, {
      vision: options.heads?.vision === undefined ? {} : { heads: options.heads.vision },
      text: options.heads?.text === undefined ? {} : { heads: options.heads.text },
      activation: options.activation ?? saved.activation,
    });
  } else {
    try {
      config = inferClipConfig(tensors, options);
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  const matched = matchClipTensors(config, tensors, { huggingFace, file });
  const weights = new Map<string, Float32Array>();
  for (const [name, tensor] of matched) {
    const values = tensor.read();
    const size = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    if (values.length !== size) {
      throw new Error(
        `${file}: tensor ${tensor.source} holds ${values.length} values, shape ${formatShape(tensor.shape)} needs ${size}`,
      );
    }
    weights.set(name, values);
  }
  return {
    config,
    layout: huggingFace ? 'huggingface' : 'openai',
    weights,
    optimizerState,
    metadata: contents.metadata,
  };
}
