import { writeFileAtomic } from './write-file-atomic.js';

/** A tensor to write: Float32Array is stored as F32, Int32Array as I32. */
export interface TensorToStore {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

/**
 * Encodes tensors (in key order) and string metadata as a safetensors file. The JSON header is padded
 * with spaces so the data buffer starts at a multiple of 8 bytes, as the format recommends.
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, TensorToStore>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  const metadataEntries = Object.entries(metadata);
  if (metadataEntries.length > 0) {
    for (const [key, value] of metadataEntries) {
      if (typeof value !== 'string') {
        throw new Error(`encodeSafetensors: metadata '${key}' must be a string, got ${typeof value}`);
      }
    }
    header['__metadata__'] = metadata;
  }
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    if (name === '' || name === '__metadata__') {
      throw new Error(`encodeSafetensors: '${name}' cannot be a tensor name`);
    }
    if (!tensor.shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
      throw new Error(
        `encodeSafetensors: tensor '${name}' has shape [${tensor.shape}], expected non-negative integers`,
      );
    }
    const elements = tensor.shape.reduce((product, size) => product * size, 1);
    if (tensor.data.length !== elements) {
      throw new Error(
        `encodeSafetensors: tensor '${name}' has ${tensor.data.length} values but shape [${tensor.shape}] needs ${elements}`,
      );
    }
    let dtype: 'F32' | 'I32';
    if (tensor.data instanceof Float32Array) {
      dtype = 'F32';
    } else if (tensor.data instanceof Int32Array) {
      dtype = 'I32';
    } else {
      throw new Error(`encodeSafetensors: tensor '${name}' data must be a Float32Array or an Int32Array`);
    }
    // Typed arrays are little-endian on every platform Node supports in practice; the format is too.
    const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    header[name] = { dtype, shape: [...tensor.shape], data_offsets: [offset, offset + bytes.byteLength] };
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.byteLength / 8) * 8;
  const output = new Uint8Array(8 + headerLength + offset);
  new DataView(output.buffer).setBigUint64(0, BigInt(headerLength), true);
  output.set(json, 8);
  output.fill(0x20, 8 + json.byteLength, 8 + headerLength);
  let position = 8 + headerLength;
  for (const chunk of chunks) {
    output.set(chunk, position);
    position += chunk.byteLength;
  }
  return output;
}

/** Encodes (see {@link encodeSafetensors}) and writes atomically (see `writeFileAtomic`). */
export async function writeSafetensors(
  path: string,
  tensors: Readonly<Record<string, TensorToStore>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}
