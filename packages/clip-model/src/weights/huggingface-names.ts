import { transposeMatrix } from '../model/index.js';
import { type ClipCheckpointEntry, formatShape } from './clip-checkpoint-entry.js';

/** True when the names follow Hugging Face `CLIPModel` (`vision_model.…`, `text_model.…`). */
export function isHuggingFaceLayout(names: Iterable<string>): boolean {
  for (const name of names) {
    if (name.startsWith('vision_model.') || name.startsWith('text_model.')) return true;
  }
  return false;
}

/** Checkpoint entries that are buffers or bookkeeping, not parameters: skipped by the loader. */
export function isIgnoredCheckpointName(name: string): boolean {
  return (
    name.endsWith('.position_ids') ||
    name === 'input_resolution' ||
    name === 'context_length' ||
    name === 'vocab_size'
  );
}

const BLOCK_RENAMES: readonly (readonly [string, string])[] = [
  ['layer_norm1.', 'ln_1.'],
  ['layer_norm2.', 'ln_2.'],
  ['mlp.fc1.', 'mlp.c_fc.'],
  ['mlp.fc2.', 'mlp.c_proj.'],
  ['self_attn.out_proj.', 'attn.out_proj.'],
];

const PLAIN_RENAMES: Readonly<Record<string, string>> = {
  'vision_model.embeddings.class_embedding': 'visual.class_embedding',
  'vision_model.embeddings.patch_embedding.weight': 'visual.conv1.weight',
  'vision_model.embeddings.position_embedding.weight': 'visual.positional_embedding',
  'vision_model.pre_layrnorm.weight': 'visual.ln_pre.weight',
  'vision_model.pre_layrnorm.bias': 'visual.ln_pre.bias',
  'vision_model.post_layernorm.weight': 'visual.ln_post.weight',
  'vision_model.post_layernorm.bias': 'visual.ln_post.bias',
  'text_model.embeddings.token_embedding.weight': 'token_embedding.weight',
  'text_model.embeddings.position_embedding.weight': 'positional_embedding',
  'text_model.final_layer_norm.weight': 'ln_final.weight',
  'text_model.final_layer_norm.bias': 'ln_final.bias',
  logit_scale: 'logit_scale',
};

/** Hugging Face projections are Linear weights [embed, width]: OpenAI keeps `x @ proj` as [width, embed]. */
const TRANSPOSED_RENAMES: Readonly<Record<string, string>> = {
  'visual_projection.weight': 'visual.proj',
  'text_projection.weight': 'text_projection',
};

const ENCODER_PREFIXES: readonly (readonly [string, string])[] = [
  ['vision_model.encoder.layers.', 'visual.transformer.resblocks.'],
  ['text_model.encoder.layers.', 'transformer.resblocks.'],
];

/**
 * The Hugging Face name(s) holding an OpenAI state-dict parameter: `in_proj_weight` and
 * `in_proj_bias` come from three (q, k, v).
 */
export function huggingFaceNamesOf(openAiName: string): string[] {
  for (const [hf, openAi] of Object.entries(PLAIN_RENAMES)) if (openAi === openAiName) return [hf];
  for (const [hf, openAi] of Object.entries(TRANSPOSED_RENAMES)) if (openAi === openAiName) return [hf];
  for (const [hfPrefix, openAiPrefix] of ENCODER_PREFIXES) {
    if (!openAiName.startsWith(openAiPrefix)) continue;
    const [layer, ...rest] = openAiName.slice(openAiPrefix.length).split('.');
    const tail = rest.join('.');
    const prefix = `${hfPrefix}${layer}.`;
    if (tail === 'attn.in_proj_weight' || tail === 'attn.in_proj_bias') {
      const part = tail.endsWith('weight') ? 'weight' : 'bias';
      return ['q', 'k', 'v'].map((head) => `${prefix}self_attn.${head}_proj.${part}`);
    }
    for (const [hfPart, openAiPart] of BLOCK_RENAMES) {
      if (tail.startsWith(openAiPart)) return [`${prefix}${hfPart}${tail.slice(openAiPart.length)}`];
    }
  }
  return [openAiName];
}

function concatenate(parts: readonly ClipCheckpointEntry[]): Float32Array {
  const arrays = parts.map((part) => part.read());
  const out = new Float32Array(arrays.reduce((total, array) => total + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    out.set(array, offset);
    offset += array.length;
  }
  return out;
}

/**
 * Hugging Face `CLIPModel` tensors renamed (and reshaped where the layouts differ) to OpenAI
 * state-dict names: q, k, v projections stacked into `in_proj_*` in that order, projections
 * transposed. Names it does not know keep their Hugging Face name, so the loader reports them as
 * unexpected.
 */
export function fromHuggingFaceNames(
  tensors: ReadonlyMap<string, ClipCheckpointEntry>,
): Map<string, ClipCheckpointEntry> {
  const out = new Map<string, ClipCheckpointEntry>();
  const attentionParts = new Map<string, Map<string, ClipCheckpointEntry>>();
  for (const [name, tensor] of tensors) {
    const plain = PLAIN_RENAMES[name];
    if (plain) {
      out.set(plain, tensor);
      continue;
    }
    const transposed = TRANSPOSED_RENAMES[name];
    if (transposed) {
      const [rows, columns] = tensor.shape;
      out.set(transposed, {
        shape: tensor.shape.length === 2 ? [columns!, rows!] : tensor.shape,
        source: tensor.source,
        read: () => {
          if (tensor.shape.length !== 2) {
            throw new Error(`${tensor.source}: expected a matrix, got shape ${formatShape(tensor.shape)}`);
          }
          return transposeMatrix(tensor.read(), rows!, columns!);
        },
      });
      continue;
    }
    let renamed: string | undefined;
    for (const [hfPrefix, openAiPrefix] of ENCODER_PREFIXES) {
      if (!name.startsWith(hfPrefix)) continue;
      const [layer, ...rest] = name.slice(hfPrefix.length).split('.');
      const tail = rest.join('.');
      const attention = /^self_attn\.([qkv])_proj\.(weight|bias)$/.exec(tail);
      if (attention) {
        const target = `${openAiPrefix}${layer}.attn.in_proj_${attention[2]}`;
        const parts = attentionParts.get(target) ?? new Map<string, ClipCheckpointEntry>();
        parts.set(attention[1]!, tensor);
        attentionParts.set(target, parts);
        renamed = target;
        break;
      }
      for (const [hfPart, openAiPart] of BLOCK_RENAMES) {
        if (tail.startsWith(hfPart))
          renamed = `${openAiPrefix}${layer}.${openAiPart}${tail.slice(hfPart.length)}`;
      }
      if (renamed) out.set(renamed, tensor);
      break;
    }
    if (!renamed) out.set(name, tensor);
  }
  for (const [target, parts] of attentionParts) {
    const names = huggingFaceNamesOf(target);
    const ordered = ['q', 'k', 'v'].map((head, index) => {
      const part = parts.get(head);
      if (!part) throw new Error(`Checkpoint is missing tensor ${names[index]} (needed for ${target})`);
      return part;
    });
    const [first] = ordered;
    for (const part of ordered) {
      if (formatShape(part.shape) !== formatShape(first!.shape)) {
        throw new Error(
          `Checkpoint tensor ${part.source} has shape ${formatShape(part.shape)} but ${first!.source} has ${formatShape(first!.shape)}; q, k and v projections must match`,
        );
      }
    }
    const shape = [3 * first!.shape[0]!, ...first!.shape.slice(1)];
    out.set(target, { shape, source: names.join(' + '), read: () => concatenate(ordered) });
  }
  return out;
}
