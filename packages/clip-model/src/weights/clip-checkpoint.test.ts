import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeSafetensors,
  readSafetensors,
  type SafetensorsContents,
  SeededRandom,
  type StoredTensor,
} from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharacterTokenizer } from '../model/__fixtures__/character-tokenizer.js';
import { clipParameterSpecs, createClipModel, resolveClipConfig } from '../model/index.js';
import { CONFIG_METADATA_KEY } from './clip-checkpoint-format.js';
import { countParameters } from './count-parameters.js';
import { loadClipCheckpoint } from './load-clip-checkpoint.js';
import { readClipCheckpoint } from './read-clip-checkpoint.js';
import { saveClipCheckpoint } from './save-clip-checkpoint.js';

const config = resolveClipConfig('micro', { text: { vocabSize: 40, contextLength: 12 } });
const tokenizer = new CharacterTokenizer(40, 12);
const parityDirectory = new URL('../../../../test-fixtures/data/clip-parity/', import.meta.url);
const heads = { vision: 2, text: 2 };
let directory: string;

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  directory = await mkdtemp(join(tmpdir(), 'clip-checkpoint-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function edited(
  contents: SafetensorsContents,
  change: (tensors: Map<string, StoredTensor>) => void,
): SafetensorsContents {
  const tensors = new Map(contents.tensors);
  change(tensors);
  return { tensors, metadata: contents.metadata };
}

function stored(shape: number[]): StoredTensor {
  return { dtype: 'F32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
}

/** A safetensors file in BF16 (the core's writer only writes F32/I32): the top 16 bits of each float. */
function encodeBfloat16(tensors: ReadonlyMap<string, StoredTensor>): Uint8Array {
  const header: Record<string, unknown> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const words = new Uint32Array(Float32Array.from(tensor.data as Float32Array).buffer);
    const halves = Uint16Array.from(words, (word) => word >>> 16);
    header[name] = { dtype: 'BF16', shape: tensor.shape, data_offsets: [offset, offset + halves.byteLength] };
    chunks.push(new Uint8Array(halves.buffer));
    offset += halves.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let position = 8 + json.length;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

describe('saveClipCheckpoint / loadClipCheckpoint', () => {
  it('round-trips every variable bit for bit, with optimiser state and metadata', async () => {
    const model = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(11) });
    const path = join(directory, 'model.safetensors');
    const moment = tf.tensor2d([
      [1.5, -2],
      [0.25, 3],
    ]);
    await saveClipCheckpoint(model, path, {
      optimizerState: { 'adam/m/visual.proj': moment },
      metadata: { run: 'seven' },
    });

    const file = await readSafetensors(path);
    expect(file.tensors.get('visual.conv1.weight')?.shape).toEqual([32, 3, 4, 4]);
    expect(file.tensors.get('transformer.resblocks.0.mlp.c_fc.weight')?.shape).toEqual([128, 32]);
    expect(file.tensors.get('logit_scale')?.dtype).toBe('F32');
    expect(JSON.parse(file.metadata[CONFIG_METADATA_KEY]!)).toEqual(config);

    const checkpoint = await readClipCheckpoint(path);
    expect(checkpoint.config).toEqual(config);
    expect(checkpoint.metadata['run']).toBe('seven');
    expect(checkpoint.optimizerState.get('adam/m/visual.proj')?.data).toEqual(
      Float32Array.of(1.5, -2, 0.25, 3),
    );

    const loaded = await loadClipCheckpoint(path, { tokenizer, scope: 'loaded' });
    expect(loaded.config).toEqual(config);
    for (const spec of clipParameterSpecs(config)) {
      const original = model.parameter(spec.name).dataSync() as Float32Array;
      const copy = loaded.parameter(spec.name).dataSync() as Float32Array;
      expect(new Uint32Array(copy.buffer.slice(0)), spec.name).toEqual(
        new Uint32Array(original.slice().buffer),
      );
    }
    expect(countParameters(loaded)).toBe(countParameters(model));
    await expect(saveClipCheckpoint(model, path, { metadata: { 'mmpoison.format': 'x' } })).rejects.toThrow(
      'metadata key "mmpoison.format" is reserved',
    );
    moment.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('counts parameters as the sum of the state-dict shapes', () => {
    const model = createClipModel(config, { tokenizer, random: SeededRandom.fromSeed(1) });
    const expected = clipParameterSpecs(config).reduce(
      (total, spec) => total + spec.shape.reduce((product, size) => product * size, 1),
      0,
    );
    expect(countParameters(model)).toBe(expected);
    // By hand: per block 4·w + 3w² + 3w + w² + w + 4w² + 4w + 4w² + w = 12w² + 13w with w = 32.
    const block = 12 * 32 * 32 + 13 * 32;
    const vision = 32 + 17 * 32 + 32 * 32 + 48 * 32 + 64 + 2 * block + 64;
    const text = 12 * 32 + 32 * 32 + 2 * block + 40 * 32 + 64;
    expect(expected).toBe(1 + vision + text);
    model.dispose();
  });

  it('loads BF16 weights as their exact float values', async () => {
    const original = await readSafetensors(new URL('openai.safetensors', parityDirectory).pathname);
    const bf16 = decodeSafetensors(encodeBfloat16(original.tensors), 'bf16 checkpoint');
    expect(bf16.tensors.get('visual.proj')?.dtype).toBe('BF16');
    const checkpoint = await readClipCheckpoint(bf16, { heads });
    const source = original.tensors.get('visual.proj')!.data as Float32Array;
    const truncated = new Float32Array(
      new Uint32Array(Float32Array.from(source).buffer).map((word) => word & 0xffff0000).buffer,
    );
    expect(checkpoint.weights.get('visual.proj')).toEqual(truncated);
  });
});

describe('checkpoint errors', () => {
  let openai: SafetensorsContents;
  let huggingFace: SafetensorsContents;

  beforeAll(async () => {
    openai = await readSafetensors(new URL('openai.safetensors', parityDirectory).pathname);
    huggingFace = await readSafetensors(new URL('huggingface.safetensors', parityDirectory).pathname);
  });

  it('names a missing tensor and its expected shape', async () => {
    const missing = edited(openai, (tensors) =>
      tensors.delete('transformer.resblocks.1.attn.out_proj.weight'),
    );
    await expect(readClipCheckpoint(missing, { heads })).rejects.toThrow(
      'missing tensor transformer.resblocks.1.attn.out_proj.weight (expected shape [16, 16])',
    );
    const missingHf = edited(huggingFace, (tensors) =>
      tensors.delete('vision_model.encoder.layers.0.self_attn.k_proj.bias'),
    );
    await expect(readClipCheckpoint(missingHf, { heads })).rejects.toThrow(
      'missing tensor vision_model.encoder.layers.0.self_attn.k_proj.bias',
    );
  });

  it('names an extra tensor and its shape', async () => {
    const extra = edited(openai, (tensors) => tensors.set('visual.extra_head.weight', stored([3, 4])));
    await expect(readClipCheckpoint(extra, { heads })).rejects.toThrow(
      'unexpected tensor visual.extra_head.weight with shape [3, 4]',
    );
    const extraHf = edited(huggingFace, (tensors) =>
      tensors.set('text_model.encoder.layers.0.self_attn.rotary.weight', stored([5])),
    );
    await expect(readClipCheckpoint(extraHf, { heads })).rejects.toThrow(
      'unexpected tensor text_model.encoder.layers.0.self_attn.rotary.weight with shape [5]',
    );
  });

  it('names a mis-shaped tensor with both shapes, in the file layout', async () => {
    const wrong = edited(openai, (tensors) => tensors.set('visual.ln_post.bias', stored([15])));
    await expect(readClipCheckpoint(wrong, { heads })).rejects.toThrow(
      'tensor visual.ln_post.bias has shape [15], expected [16]',
    );
    const wrongHf = edited(huggingFace, (tensors) =>
      tensors.set('visual_projection.weight', stored([12, 17])),
    );
    await expect(readClipCheckpoint(wrongHf, { heads })).rejects.toThrow(
      'tensor visual_projection.weight has shape [12, 17], expected [12, 16]',
    );
    const unevenHf = edited(huggingFace, (tensors) =>
      tensors.set('text_model.encoder.layers.1.self_attn.v_proj.weight', stored([16, 15])),
    );
    await expect(readClipCheckpoint(unevenHf, { heads })).rejects.toThrow(
      'text_model.encoder.layers.1.self_attn.v_proj.weight has shape [16, 15] but text_model.encoder.layers.1.self_attn.q_proj.weight has [16, 16]',
    );
  });

  it('names an absent file', async () => {
    const path = join(directory, 'absent.safetensors');
    await expect(readClipCheckpoint(path)).rejects.toThrow(path);
  });
});
