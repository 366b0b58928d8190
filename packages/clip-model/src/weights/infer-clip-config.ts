import { type ClipActivation, type ClipConfig, validateClipConfig } from '../model/index.js';
import { type ClipCheckpointEntry, formatShape } from './clip-checkpoint-entry.js';
import { fromHuggingFaceNames, huggingFaceNamesOf, isHuggingFaceLayout } from './huggingface-names.js';

/** What the tensor shapes cannot tell. */
export interface ClipInferenceOptions {
  /** QuickGELU (OpenAI's weights) unless told otherwise. */
  readonly activation?: ClipActivation;
  /** Attention heads per tower; OpenAI's rule width / 64 when absent. */
  readonly heads?: { readonly vision?: number; readonly text?: number };
}

/** Anything with a shape, keyed by tensor name (OpenAI or Hugging Face names). */
export type ShapedTensors =
  | ReadonlyMap<string, { readonly shape: readonly number[] }>
  | Readonly<Record<string, { readonly shape: readonly number[] }>>;

function layerCount(names: Iterable<string>, prefix: RegExp): number {
  const layers = new Set<string>();
  for (const name of names) {
    const match = prefix.exec(name);
    if (match) layers.add(match[1]!);
  }
  return layers.size;
}

function inferHeads(tower: 'vision' | 'text', width: number, given: number | undefined): number {
  if (given !== undefined) return given;
  // OpenAI builds its models with 64-wide heads (clip/model.py build_model: width // 64).
  if (width % 64 === 0) return width / 64;
  throw new Error(
    `Cannot infer the number of ${tower} attention heads: width ${width} is not a multiple of 64 (OpenAI's head width); pass heads.${tower}`,
  );
}

/** Shapes keyed by OpenAI names, whichever layout the checkpoint uses. */
export function toOpenAiShapes(tensors: ShapedTensors): {
  shapes: Map<string, readonly number[]>;
  huggingFace: boolean;
} {
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const huggingFace = isHuggingFaceLayout(entries.map(([name]) => name));
  if (!huggingFace)
    return { shapes: new Map(entries.map(([name, tensor]) => [name, tensor.shape])), huggingFace };
  const wrapped = new Map<string, ClipCheckpointEntry>(
    entries.map(([name, tensor]) => [
      name,
      {
        shape: tensor.shape,
        source: name,
        read: () => {
          throw new Error('shape-only tensor');
        },
      },
    ]),
  );
  const converted = fromHuggingFaceNames(wrapped);
  return { shapes: new Map([...converted].map(([name, tensor]) => [name, tensor.shape])), huggingFace };
}

/**
 * The CLIP config a checkpoint's tensor shapes imply (as OpenAI's `build_model` reads them): vision
 * width and patch from the patch conv, resolution from the positional rows, layer counts from the
 * block indices, embed size from `text_projection`, context, vocabulary and text width from the
 * text embeddings. Throws naming the tensor that is missing or inconsistent.
 */
export function inferClipConfig(tensors: ShapedTensors, options: ClipInferenceOptions = {}): ClipConfig {
  const { shapes, huggingFace } = toOpenAiShapes(tensors);
  const names = [...shapes.keys()];
  if (names.some((name) => name.startsWith('visual.layer1.'))) {
    throw new Error('Cannot load this CLIP checkpoint: ResNet image towers are not supported, only ViT');
  }
  const need = (name: string, rank: number): number[] => {
    const shape = shapes.get(name);
    const shown = huggingFace ? huggingFaceNamesOf(name).join(' / ') : name;
    if (!shape) throw new Error(`Cannot infer the CLIP config: the checkpoint has no tensor ${shown}`);
    if (shape.length !== rank) {
      throw new Error(
        `Cannot infer the CLIP config: tensor ${shown} has shape ${formatShape(shape)}, expected ${rank} dimensions`,
      );
    }
    return [...shape];
  };
  const [visionWidth, channels, patchHeight, patchSize] = need('visual.conv1.weight', 4) as [
    number,
    number,
    number,
    number,
  ];
  if (channels !== 3 || patchHeight !== patchSize) {
    throw new Error(
      `Cannot infer the CLIP config: the patch embedding has shape ${formatShape([visionWidth, channels, patchHeight, patchSize])}, expected [width, 3, patch, patch]`,
    );
  }
  const [visionTokens] = need('visual.positional_embedding', 2) as [number, number];
  const grid = Math.round(Math.sqrt(visionTokens - 1));
  if (grid * grid + 1 !== visionTokens) {
    throw new Error(
      `Cannot infer the CLIP config: visual.positional_embedding has ${visionTokens} rows, not a square grid plus the class token`,
    );
  }
  const [, embedDim] = need('text_projection', 2) as [number, number];
  const [contextLength] = need('positional_embedding', 2) as [number, number];
  const [vocabSize] = need('token_embedding.weight', 2) as [number, number];
  const [textWidth] = need('ln_final.weight', 1) as [number];
  const config: ClipConfig = {
    vision: {
      imageSize: grid * patchSize,
      patchSize,
      width: visionWidth,
      layers: layerCount(names, /^visual\.transformer\.resblocks\.(\d+)\./),
      heads: inferHeads('vision', visionWidth, options.heads?.vision),
    },
    text: {
      contextLength,
      vocabSize,
      width: textWidth,
      layers: layerCount(names, /^transformer\.resblocks\.(\d+)\./),
      heads: inferHeads('text', textWidth, options.heads?.text),
    },
    embedDim,
    activation: options.activation ?? 'quick-gelu',
  };
  validateClipConfig(config);
  return config;
}
