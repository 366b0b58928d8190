import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type ClipConfig,
  clipParameterSpecs,
  initialParameterValues,
  type TextTokenizer,
} from '@mmpoison/clip-model';
import { SeededRandom } from '@mmpoison/core-tensor';

/** A model the bench can time: its config, its batch and what it is for. */
export interface BenchModel {
  readonly name: string;
  readonly description: string;
  readonly config: ClipConfig;
  readonly batch: number;
}

/**
 * The issue's model (32 px, patch 4, width 128, 4+4 layers, 4 heads, context 16, batch 64: ≈ 26
 * GFLOP per Adam step), the demo's `tiny-32` and, for a GPU, ViT-B/32 at batch 128.
 */
export const benchModels: Readonly<Record<string, BenchModel>> = {
  issue: {
    name: 'issue',
    description: 'ViT 32 px / patch 4, width 128, 4+4 layers, 4 heads, context 16, batch 64',
    config: {
      vision: { imageSize: 32, patchSize: 4, width: 128, layers: 4, heads: 4 },
      text: { contextLength: 16, vocabSize: 1024, width: 128, layers: 4, heads: 4 },
      embedDim: 128,
      activation: 'quick-gelu',
    },
    batch: 64,
  },
  demo: {
    name: 'demo',
    description: "the demo's tiny-32 (context 32, vocab 4096), batch 32",
    config: {
      vision: { imageSize: 32, patchSize: 4, width: 128, layers: 4, heads: 4 },
      text: { contextLength: 32, vocabSize: 4096, width: 128, layers: 4, heads: 4 },
      embedDim: 128,
      activation: 'quick-gelu',
    },
    batch: 32,
  },
  'vit-b32': {
    name: 'vit-b32',
    description: 'ViT-B/32 (224 px, OpenAI text tower), batch 128',
    config: {
      vision: { imageSize: 224, patchSize: 32, width: 768, layers: 12, heads: 12 },
      text: { contextLength: 77, vocabSize: 49408, width: 512, layers: 12, heads: 8 },
      embedDim: 512,
      activation: 'quick-gelu',
    },
    batch: 128,
  },
};

/** A tokenizer that only reports sizes: the bench feeds token ids, never text. */
export function sizeOnlyTokenizer(config: ClipConfig): TextTokenizer {
  const { vocabSize, contextLength } = config.text;
  return {
    vocabSize,
    contextLength,
    startOfTextId: vocabSize - 2,
    endOfTextId: vocabSize - 1,
    padId: 0,
    encode() {
      throw new Error('The bench tokenizer does not encode text; pass token ids');
    },
    encodeBatch() {
      throw new Error('The bench tokenizer does not encode text; pass token ids');
    },
  };
}

/** Fixed weights (OpenAI state-dict layout) and a fixed batch, shared by every backend and PyTorch. */
export interface BenchData {
  readonly weights: Map<string, Float32Array>;
  /** NHWC pixels in [0, 1], `batch × size × size × 3`. */
  readonly pixels: Float32Array;
  /** Token ids `batch × context`: start, random words, end-of-text (the highest id), padding 0. */
  readonly ids: Int32Array;
}

export function makeBenchData(model: BenchModel, seed = 7): BenchData {
  const random = SeededRandom.fromSeed(seed);
  const weights = new Map<string, Float32Array>();
  for (const spec of clipParameterSpecs(model.config)) {
    weights.set(spec.name, initialParameterValues(spec, model.config, random.derive('weights')));
  }
  const { imageSize } = model.config.vision;
  const { contextLength, vocabSize } = model.config.text;
  const pixels = random.derive('pixels').uniformArray(model.batch * imageSize * imageSize * 3);
  const words = random.derive('ids');
  const ids = new Int32Array(model.batch * contextLength);
  for (let row = 0; row < model.batch; row++) {
    const length = 3 + words.int(contextLength - 2);
    const base = row * contextLength;
    ids[base] = vocabSize - 2;
    for (let position = 1; position < length - 1; position++)
      ids[base + position] = 1 + words.int(vocabSize - 3);
    ids[base + length - 1] = vocabSize - 1;
  }
  return { weights, pixels, ids };
}

/**
 * Writes the data for the PyTorch peer: `manifest.json` (config, batch, each tensor's name, shape and
 * byte offset) and `tensors.bin` (little-endian float32 weights, float32 pixels, int32 ids).
 */
export function writeBenchData(directory: string, model: BenchModel, data: BenchData): string {
  mkdirSync(directory, { recursive: true });
  const specs = clipParameterSpecs(model.config);
  const entries: { name: string; shape: readonly number[]; dtype: string; offset: number }[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const add = (name: string, shape: readonly number[], dtype: string, values: Float32Array | Int32Array) => {
    entries.push({ name, shape, dtype, offset });
    chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    offset += values.byteLength;
  };
  for (const spec of specs) add(spec.name, spec.shape, 'float32', data.weights.get(spec.name)!);
  const { imageSize } = model.config.vision;
  add('__pixels__', [model.batch, imageSize, imageSize, 3], 'float32', data.pixels);
  add('__ids__', [model.batch, model.config.text.contextLength], 'int32', data.ids);
  writeFileSync(path.join(directory, 'tensors.bin'), Buffer.concat(chunks));
  const manifest = path.join(directory, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ config: model.config, batch: model.batch, tensors: entries }));
  return manifest;
}
