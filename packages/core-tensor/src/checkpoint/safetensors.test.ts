import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { CheckpointFormatError } from './checkpoint-format-error.js';
import { decodeSafetensors, readSafetensors } from './decode-safetensors.js';
import { encodeSafetensors, writeSafetensors } from './encode-safetensors.js';
import { bfloat16ToNumber, float16ToNumber } from './half-precision.js';
import { storedToTensor, tensorToStore } from './tensor-conversion.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** A safetensors file from a header (object, or raw text) and raw data bytes, built by hand. */
function buildFile(header: unknown, data: number[] = [], headerLengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.byteLength + data.length);
  new DataView(bytes.buffer).setBigUint64(0, headerLengthOverride ?? BigInt(json.byteLength), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.byteLength);
  return bytes;
}

/** Little-endian bytes of 16-bit words. */
const words = (values: number[]) => values.flatMap((value) => [value & 0xff, value >> 8]);

let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mmpoison-safetensors-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('half-precision decoding', () => {
  it('decodes F16 bit patterns computed by hand', () => {
    expect(float16ToNumber(0x3c00)).toBe(1); // exponent 15 − 15 = 0, fraction 0
    expect(float16ToNumber(0xc000)).toBe(-2); // sign, exponent 16 − 15 = 1
    expect(float16ToNumber(0x3555)).toBe((1 + 0x155 / 1024) * 2 ** -2); // 0.333251953125
    expect(float16ToNumber(0x7bff)).toBe(65504); // largest finite: (2 − 2⁻¹⁰)·2¹⁵
    expect(float16ToNumber(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(float16ToNumber(0x0400)).toBe(2 ** -14); // smallest normal
    expect(float16ToNumber(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16ToNumber(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(float16ToNumber(0x7e00)).toBeNaN();
    expect(Object.is(float16ToNumber(0x8000), -0)).toBe(true);
  });

  it('decodes BF16 bit patterns computed by hand', () => {
    expect(bfloat16ToNumber(0x3f80)).toBe(1); // float32 0x3F800000
    expect(bfloat16ToNumber(0xc000)).toBe(-2); // float32 0xC0000000
    expect(bfloat16ToNumber(0x4049)).toBe(3.140625); // 0x40490000 = (1 + 0x49/128)·2
    expect(bfloat16ToNumber(0x0000)).toBe(0);
  });
});

describe('decodeSafetensors', () => {
  it('reads F16, BF16, F64, I64, I16, I8, U8 and BOOL tensors', () => {
    const f64 = new Uint8Array(new Float64Array([0.5, -3]).buffer);
    const i64 = new Uint8Array(new BigInt64Array([-7n, 2147483647n]).buffer);
    const file = buildFile(
      {
        half: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 8] },
        brain: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
        double: { dtype: 'F64', shape: [2], data_offsets: [12, 28] },
        long: { dtype: 'I64', shape: [2], data_offsets: [28, 44] },
        short: { dtype: 'I16', shape: [1], data_offsets: [44, 46] },
        byte: { dtype: 'I8', shape: [2], data_offsets: [46, 48] },
        unsigned: { dtype: 'U8', shape: [1], data_offsets: [48, 49] },
        flag: { dtype: 'BOOL', shape: [1], data_offsets: [49, 50] },
        empty: { dtype: 'F32', shape: [0, 3], data_offsets: [50, 50] },
      },
      [
        ...words([0x3c00, 0xc000, 0x3800, 0x0000]),
        ...words([0x3f80, 0xc000]),
        ...f64,
        ...i64,
        ...words([0xfffe]),
        0xff,
        0x05,
        200,
        1,
      ],
    );
    const { tensors, metadata } = decodeSafetensors(file, 'mixed.safetensors');
    expect(metadata).toEqual({});
    expect([...tensors.keys()]).toEqual([
      'half',
      'brain',
      'double',
      'long',
      'short',
      'byte',
      'unsigned',
      'flag',
      'empty',
    ]);
    expect(tensors.get('half')).toEqual({
      dtype: 'F16',
      shape: [2, 2],
      data: new Float32Array([1, -2, 0.5, 0]),
    });
    expect(tensors.get('brain')?.data).toEqual(new Float32Array([1, -2]));
    expect(tensors.get('double')?.data).toEqual(new Float32Array([0.5, -3]));
    expect(tensors.get('long')?.data).toEqual(new Int32Array([-7, 2147483647]));
    expect(tensors.get('short')?.data).toEqual(new Int32Array([-2]));
    expect(tensors.get('byte')?.data).toEqual(new Int32Array([-1, 5]));
    expect(tensors.get('unsigned')?.data).toEqual(new Uint8Array([200]));
    expect(tensors.get('flag')?.data).toEqual(new Uint8Array([1]));
    expect(tensors.get('empty')?.data).toEqual(new Float32Array(0));
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    [
      'a file shorter than 8 bytes',
      new Uint8Array([1, 2, 3]),
      /file is 3 bytes, shorter than the 8-byte header length/,
    ],
    [
      'a header length beyond the file',
      buildFile('{}', [], 1000n),
      /header length 1000 runs past the end of the file \(2 bytes follow it/,
    ],
    [
      'a huge header length',
      buildFile('{}', [], 2n ** 63n),
      /header length 9223372036854775808 runs past the end/,
    ],
    ['bad JSON', buildFile('{"a": [1, 2'), /header is not valid UTF-8 JSON/],
    ['a header that is not an object', buildFile('[1, 2]'), /header is not a JSON object/],
    [
      'an unknown dtype',
      buildFile({ a: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, [0]),
      /tensor 'a': unknown dtype "F8"; expected one of F32, F16/,
    ],
    [
      'a bad shape',
      buildFile({ a: { dtype: 'U8', shape: [-1], data_offsets: [0, 1] } }, [0]),
      /tensor 'a': shape \[-1\] is not a list of non-negative integers/,
    ],
    [
      'missing offsets',
      buildFile({ a: { dtype: 'U8', shape: [1] } }, [0]),
      /tensor 'a': data_offsets undefined is not a pair/,
    ],
    [
      'offsets ending before they begin',
      buildFile({ a: { dtype: 'U8', shape: [0], data_offsets: [4, 2] } }, [0, 0, 0, 0]),
      /tensor 'a': data_offsets \[4, 2\] end before they begin/,
    ],
    [
      'offsets past the buffer',
      buildFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0]),
      /tensor 'a': data_offsets \[0, 8\] reach past the end of the 4-byte data buffer/,
    ],
    [
      'a byte size that does not match the shape',
      buildFile({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, [0, 0, 0, 0, 0, 0, 0, 0]),
      /tensor 'a': holds 8 bytes but shape \[3\] of F32 needs 12/,
    ],
    [
      'overlapping tensors',
      buildFile(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        [0, 0, 0, 0, 0, 0, 0, 0],
      ),
      /tensor 'b' \(bytes 4–8\) overlaps tensor 'a' \(bytes 0–8\)/,
    ],
    [
      'a gap in the buffer',
      buildFile({ a: { dtype: 'U8', shape: [1], data_offsets: [1, 2] } }, [0, 0]),
      /data buffer bytes 0–1 are not covered by any tensor/,
    ],
    [
      'trailing bytes',
      buildFile({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, [0, 0, 0]),
      /data buffer bytes 1–3 are not covered by any tensor/,
    ],
    [
      'metadata that is not strings',
      buildFile({ __metadata__: { epoch: 3 } }),
      /__metadata__ value of 'epoch' is 3, expected a string/,
    ],
    [
      'an I64 beyond int32',
      buildFile({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, [
        ...new Uint8Array(new BigInt64Array([2n ** 40n]).buffer),
      ]),
      /tensor 'a': I64 value 1099511627776 at index 0 does not fit in int32/,
    ],
  ];
  it.each(bad)('rejects %s with a CheckpointFormatError naming the file', (_, bytes, message) => {
    let caught: unknown;
    try {
      decodeSafetensors(bytes, 'broken.safetensors');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CheckpointFormatError);
    expect((caught as CheckpointFormatError).message).toMatch(/^broken\.safetensors: /);
    expect((caught as CheckpointFormatError).message).toMatch(message);
  });
});

describe('encodeSafetensors and files', () => {
  it('round-trips F32 and I32 tensors with metadata, with an 8-byte aligned header', async () => {
    const tensors = {
      'visual.proj': { shape: [2, 3], data: new Float32Array([0.1, -2.5, 3, 1e-8, 65504, -0]) },
      positions: { shape: [3], data: new Int32Array([0, -1, 2147483647]) },
      scalar: { shape: [], data: new Float32Array([2.6592]) },
    };
    const metadata = { format: 'mmpoison', step: '42' };
    const bytes = encodeSafetensors(tensors, metadata);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)))['visual.proj']).toEqual({
      dtype: 'F32',
      shape: [2, 3],
      data_offsets: [0, 24],
    });

    const path = join(folder, 'round-trip.safetensors');
    await writeSafetensors(path, tensors, metadata);
    const read = await readSafetensors(path);
    expect(read.metadata).toEqual(metadata);
    expect(read.tensors.get('visual.proj')).toEqual({ dtype: 'F32', ...tensors['visual.proj'] });
    expect(read.tensors.get('positions')).toEqual({ dtype: 'I32', ...tensors.positions });
    expect(read.tensors.get('scalar')).toEqual({ dtype: 'F32', ...tensors.scalar });
  });

  it('rejects tensors it cannot encode', () => {
    expect(() => encodeSafetensors({ a: { shape: [2], data: new Float32Array(3) } })).toThrow(
      /tensor 'a' has 3 values but shape \[2\] needs 2/,
    );
    expect(() => encodeSafetensors({ __metadata__: { shape: [0], data: new Float32Array(0) } })).toThrow(
      /cannot be a tensor name/,
    );
  });

  it('converts between tfjs tensors and stored tensors', async () => {
    await initBackend({ backend: 'wasm' });
    const original = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const stored = await tensorToStore(original);
    const decoded = decodeSafetensors(encodeSafetensors({ w: stored })).tensors.get('w');
    expect(decoded).toBeDefined();
    const restored = storedToTensor(decoded as NonNullable<typeof decoded>);
    expect(restored.dtype).toBe('float32');
    expect(restored.shape).toEqual([2, 2]);
    expect(Array.from(restored.dataSync())).toEqual([1, 2, 3, 4]);
    const flags = storedToTensor({ dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) });
    expect(flags.dtype).toBe('int32');
    for (const tensor of [original, restored, flags]) tensor.dispose();
  });

  it('writes atomically: replaces the file and leaves no temporary file, even on failure', async () => {
    const atomicFolder = join(folder, 'atomic');
    await mkdir(atomicFolder);
    const path = join(atomicFolder, 'state.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, '{"new": true}');
    await writeFileAtomic(join(atomicFolder, 'bytes.bin'), new Uint8Array([1, 2, 3]));
    expect((await readdir(atomicFolder)).sort()).toEqual(['bytes.bin', 'state.json']);
    expect(await readFile(path, 'utf8')).toBe('{"new": true}');
    expect([...(await readFile(join(atomicFolder, 'bytes.bin')))]).toEqual([1, 2, 3]);
    expect(await readSafetensors(path).catch((error: unknown) => error)).toBeInstanceOf(
      CheckpointFormatError,
    );

    // Renaming over a directory fails: the error surfaces and the temporary file is cleaned up.
    await mkdir(join(atomicFolder, 'occupied'));
    await expect(writeFileAtomic(join(atomicFolder, 'occupied'), 'x')).rejects.toThrow();
    expect((await readdir(atomicFolder)).sort()).toEqual(['bytes.bin', 'occupied', 'state.json']);
    await expect(writeFileAtomic(join(atomicFolder, 'missing', 'file'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
