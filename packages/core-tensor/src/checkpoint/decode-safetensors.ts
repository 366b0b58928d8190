import { readFile } from 'node:fs/promises';
import { CheckpointFormatError } from './checkpoint-format-error.js';
import { bfloat16ToNumber, float16ToNumber } from './half-precision.js';
import { isSafetensorsDtype, type SafetensorsDtype, safetensorsDtypeSizes } from './safetensors-dtype.js';

/**
 * One tensor read from a safetensors file. Floating types (F32, F16, BF16, F64) come as Float32Array;
 * I64, I32, I16 and I8 as Int32Array (an I64 value outside the int32 range is an error); U8 and BOOL as
 * Uint8Array. The data is a copy, independent of the file's bytes.
 */
export interface StoredTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | Uint8Array;
}

/** Every tensor of a safetensors file, in file order, and its `__metadata__`. */
export interface SafetensorsContents {
  readonly tensors: ReadonlyMap<string, StoredTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The format's own cap on the JSON header, beyond which a length is taken as corruption. */
const maximumHeaderBytes = 100_000_000;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface HeaderEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseEntry(name: string, value: unknown, fail: (problem: string) => never): HeaderEntry {
  if (!isRecord(value)) {
    return fail(`tensor '${name}': header entry is not an object`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isSafetensorsDtype(dtype)) {
    return fail(
      `tensor '${name}': unknown dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(safetensorsDtypeSizes).join(', ')}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    return fail(`tensor '${name}': shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail(
      `tensor '${name}': data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) {
    return fail(`tensor '${name}': data_offsets [${begin}, ${end}] end before they begin (end < begin)`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function decodeData(
  entry: HeaderEntry,
  bytes: Uint8Array,
  fail: (problem: string) => never,
): StoredTensor['data'] {
  const count = entry.shape.reduce((product, size) => product * size, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset + entry.begin, entry.end - entry.begin);
  switch (entry.dtype) {
    case 'F32':
      if (littleEndian) {
        return new Float32Array(bytes.slice(entry.begin, entry.end).buffer);
      }
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
    case 'I32':
      if (littleEndian) {
        return new Int32Array(bytes.slice(entry.begin, entry.end).buffer);
      }
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) => float16ToNumber(view.getUint16(i * 2, true)));
    case 'BF16':
      return Float32Array.from({ length: count }, (_, i) => bfloat16ToNumber(view.getUint16(i * 2, true)));
    case 'F64':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
    case 'I64': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i += 1) {
        const value = view.getBigInt64(i * 8, true);
        if (value > 2147483647n || value < -2147483648n) {
          return fail(`tensor '${entry.name}': I64 value ${value} at index ${i} does not fit in int32`);
        }
        data[i] = Number(value);
      }
      return data;
    }
    case 'I16':
      return Int32Array.from({ length: count }, (_, i) => view.getInt16(i * 2, true));
    case 'I8':
      return Int32Array.from({ length: count }, (_, i) => view.getInt8(i));
    case 'U8':
    case 'BOOL':
      return bytes.slice(entry.begin, entry.end);
  }
}

/**
 * Decodes a safetensors file: an 8-byte little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`, then the data buffer, with
 * offsets relative to its start. Everything is checked — length fields, JSON, dtypes, offsets within
 * the buffer, byte sizes equal to the shape's, tensors neither overlapping nor leaving bytes
 * uncovered — and any violation throws a {@link CheckpointFormatError} naming `source` and the problem.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContents {
  const fail = (problem: string): never => {
    throw new CheckpointFormatError(source, problem);
  };
  if (bytes.byteLength < 8) {
    return fail(`file is ${bytes.byteLength} bytes, shorter than the 8-byte header length (truncated?)`);
  }
  const headerLengthBig = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  const available = bytes.byteLength - 8;
  if (headerLengthBig > BigInt(available)) {
    return fail(
      `header length ${headerLengthBig} runs past the end of the file (${available} bytes follow it; truncated?)`,
    );
  }
  const headerLength = Number(headerLengthBig);
  if (headerLength > maximumHeaderBytes) {
    return fail(`header length ${headerLength} exceeds the format's limit of ${maximumHeaderBytes} bytes`);
  }
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch (error) {
    throw new CheckpointFormatError(
      source,
      `header is not valid UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  if (!isRecord(header)) {
    return fail('header is not a JSON object');
  }

  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(value)) {
        return fail('__metadata__ is not an object');
      }
      for (const [key, text] of Object.entries(value)) {
        if (typeof text !== 'string') {
          return fail(`__metadata__ value of '${key}' is ${JSON.stringify(text)}, expected a string`);
        }
        metadata[key] = text;
      }
      continue;
    }
    entries.push(parseEntry(name, value, fail));
  }

  const dataStart = 8 + headerLength;
  const bufferLength = bytes.byteLength - dataStart;
  for (const entry of entries) {
    if (entry.end > bufferLength) {
      fail(
        `tensor '${entry.name}': data_offsets [${entry.begin}, ${entry.end}] reach past the end of the ${bufferLength}-byte data buffer (truncated?)`,
      );
    }
    const elements = entry.shape.reduce((product, size) => product * size, 1);
    const expected = elements * safetensorsDtypeSizes[entry.dtype];
    if (entry.end - entry.begin !== expected) {
      fail(
        `tensor '${entry.name}': holds ${entry.end - entry.begin} bytes but shape [${entry.shape.join(', ')}] of ${entry.dtype} needs ${expected}`,
      );
    }
  }
  // Tensors must tile the buffer exactly: no overlaps, no gaps, nothing after the last.
  const ordered = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of ordered) {
    if (entry.begin < cursor) {
      fail(
        `tensor '${entry.name}' (bytes ${entry.begin}–${entry.end}) overlaps tensor '${previous?.name}' (bytes ${previous?.begin}–${previous?.end})`,
      );
    }
    if (entry.begin > cursor) {
      fail(`data buffer bytes ${cursor}–${entry.begin} are not covered by any tensor`);
    }
    cursor = entry.end;
    previous = entry;
  }
  if (cursor !== bufferLength) {
    fail(`data buffer bytes ${cursor}–${bufferLength} are not covered by any tensor`);
  }

  const data = bytes.subarray(dataStart);
  const tensors = new Map<string, StoredTensor>();
  for (const entry of entries) {
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data: decodeData(entry, data, fail) });
  }
  return { tensors, metadata };
}

/** Reads and decodes a safetensors file (see {@link decodeSafetensors}); errors name the path. */
export async function readSafetensors(path: string): Promise<SafetensorsContents> {
  const bytes = await readFile(path);
  return decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
