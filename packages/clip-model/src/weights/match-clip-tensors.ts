import { type ClipConfig, clipParameterSpecs } from '../model/index.js';
import { type ClipCheckpointEntry, formatShape } from './clip-checkpoint-entry.js';
import { huggingFaceNamesOf } from './huggingface-names.js';

/** A shape in OpenAI layout as the file stores it (Hugging Face splits q, k, v and transposes projections). */
function fileShape(openAiName: string, shape: readonly number[], huggingFace: boolean): readonly number[] {
  if (!huggingFace) return shape;
  if (openAiName === 'visual.proj' || openAiName === 'text_projection') return [...shape].reverse();
  if (openAiName.endsWith('attn.in_proj_weight') || openAiName.endsWith('attn.in_proj_bias')) {
    return [shape[0]! / 3, ...shape.slice(1)];
  }
  return shape;
}

/**
 * The checkpoint's tensors (OpenAI names) in the model's parameter order, after checking that every
 * parameter of `config` is present with its shape and nothing else is. Errors name the tensor as
 * the file names it, with both shapes in the file's layout.
 */
export function matchClipTensors(
  config: ClipConfig,
  tensors: ReadonlyMap<string, ClipCheckpointEntry>,
  options: { readonly huggingFace: boolean; readonly file: string },
): Map<string, ClipCheckpointEntry> {
  const { huggingFace, file } = options;
  const matched = new Map<string, ClipCheckpointEntry>();
  for (const spec of clipParameterSpecs(config)) {
    const tensor = tensors.get(spec.name);
    const expected = formatShape(fileShape(spec.name, spec.shape, huggingFace));
    if (!tensor) {
      const names = huggingFace ? huggingFaceNamesOf(spec.name).join(', ') : spec.name;
      throw new Error(`${file}: missing tensor ${names} (expected shape ${expected})`);
    }
    if (formatShape(tensor.shape) !== formatShape(spec.shape)) {
      const got = formatShape(fileShape(spec.name, tensor.shape, huggingFace));
      throw new Error(`${file}: tensor ${tensor.source} has shape ${got}, expected ${expected}`);
    }
    matched.set(spec.name, tensor);
  }
  for (const [name, tensor] of tensors) {
    if (!matched.has(name)) {
      throw new Error(
        `${file}: unexpected tensor ${tensor.source} with shape ${formatShape(fileShape(name, tensor.shape, huggingFace))}`,
      );
    }
  }
  return matched;
}
