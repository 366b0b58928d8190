/**
 * A small WebAssembly SIMD kernel C = A·B (row-major f32, A [m, k], B [k, n], C [m, n], overwritten)
 * that runs on the wasm backend's own memory. XNNPACK is faster on large products, but every call
 * creates an operator and packs B, which dominates the many small products of batched attention
 * (B·heads products of [tokens, headWidth]·[headWidth, tokens] per layer). This kernel needs no set-up:
 * register tiles of 4 rows × 8 columns (8 f32x4 accumulators), then 4 × 4, then single columns and
 * single rows for the edges.
 *
 * The module is assembled here byte by byte (no toolchain needed at build or run time) and imports
 * the backend's `WebAssembly.Memory`, so pointers are the tensors' heap offsets.
 */

import type { WasmMemory } from './wasm-kernel-backend.js';

/** The parts of the global `WebAssembly` used here (not declared by the project's TypeScript libs). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

const I32 = 0x7f;
const V128 = 0x7b;
const F32 = 0x7d;

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/** Instruction helpers (WebAssembly core + SIMD opcodes). */
const op = {
  get: (index: number) => [0x20, ...unsignedLeb(index)],
  set: (index: number) => [0x21, ...unsignedLeb(index)],
  i32: (value: number) => [0x41, ...signedLeb(value)],
  add: [0x6a],
  mul: [0x6c],
  geS: [0x4e],
  gtS: [0x4a],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...unsignedLeb(depth)],
  br: (depth: number) => [0x0c, ...unsignedLeb(depth)],
  f32Load: (offset: number) => [0x2a, 0x02, ...unsignedLeb(offset)],
  f32Store: (offset: number) => [0x38, 0x02, ...unsignedLeb(offset)],
  f32Zero: [0x43, 0, 0, 0, 0],
  f32Add: [0x92],
  f32Mul: [0x94],
  v128Load: (offset: number) => [0xfd, 0x00, 0x00, ...unsignedLeb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 0x00, ...unsignedLeb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  splat: [0xfd, 0x13],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
};

// Parameters: a, b, c (byte pointers), m, k, n.
const A = 0;
const B = 1;
const C = 2;
const M = 3;
const K = 4;
const N = 5;
// i32 locals.
const ROW = 6;
const COLUMN = 7;
const STEP = 8;
const ROW_BYTES_A = 9; // k·4
const ROW_BYTES_B = 10; // n·4
const B_POINTER = 11;
const A_POINTERS = 12; // 12..15: one per tile row
const C_POINTER = 16;
const I32_LOCALS = 11;
// v128 locals: 8 accumulators (row-major in the tile), 2 loaded B vectors, 1 splat.
const ACCUMULATORS = 17;
const B_VECTORS = 25;
const SPLAT = 27;
const V128_LOCALS = 11;
// f32 locals: 4 scalar accumulators and one loaded B value.
const SCALARS = 28;
const B_SCALAR = 32;
const F32_LOCALS = 5;

/** One tile of `rows` rows and `vectors` f32x4 column groups (0 = one scalar column) at (ROW, COLUMN). */
function tile(rows: number, vectors: number): number[] {
  const code: number[] = [];
  const accumulator = (row: number, vector: number) => ACCUMULATORS + row * 2 + vector;
  for (let row = 0; row < rows; row++) {
    if (vectors === 0) code.push(...op.f32Zero, ...op.set(SCALARS + row));
    for (let vector = 0; vector < vectors; vector++)
      code.push(...op.v128Zero, ...op.set(accumulator(row, vector)));
    // A_POINTERS[row] = a + (ROW + row)·k·4
    code.push(
      ...op.get(ROW),
      ...op.i32(row),
      ...op.add,
      ...op.get(ROW_BYTES_A),
      ...op.mul,
      ...op.get(A),
      ...op.add,
    );
    code.push(...op.set(A_POINTERS + row));
  }
  // B_POINTER = b + COLUMN·4; STEP = k
  code.push(...op.get(COLUMN), ...op.i32(4), ...op.mul, ...op.get(B), ...op.add, ...op.set(B_POINTER));
  code.push(...op.get(K), ...op.set(STEP));
  code.push(...op.block, ...op.loop);
  code.push(...op.get(STEP), ...op.i32(0), ...[0x4c] /* i32.le_s */, ...op.brIf(1));
  if (vectors === 0) {
    code.push(...op.get(B_POINTER), ...op.f32Load(0), ...op.set(B_SCALAR));
  }
  for (let vector = 0; vector < vectors; vector++) {
    code.push(...op.get(B_POINTER), ...op.v128Load(16 * vector), ...op.set(B_VECTORS + vector));
  }
  for (let row = 0; row < rows; row++) {
    if (vectors === 0) {
      code.push(...op.get(SCALARS + row), ...op.get(A_POINTERS + row), ...op.f32Load(0));
      code.push(...op.get(B_SCALAR), ...op.f32Mul, ...op.f32Add, ...op.set(SCALARS + row));
    } else {
      code.push(...op.get(A_POINTERS + row), ...op.f32Load(0), ...op.splat, ...op.set(SPLAT));
      for (let vector = 0; vector < vectors; vector++) {
        code.push(...op.get(accumulator(row, vector)), ...op.get(SPLAT), ...op.get(B_VECTORS + vector));
        code.push(...op.f32x4Mul, ...op.f32x4Add, ...op.set(accumulator(row, vector)));
      }
    }
    code.push(...op.get(A_POINTERS + row), ...op.i32(4), ...op.add, ...op.set(A_POINTERS + row));
  }
  code.push(...op.get(B_POINTER), ...op.get(ROW_BYTES_B), ...op.add, ...op.set(B_POINTER));
  code.push(...op.get(STEP), ...op.i32(-1), ...op.add, ...op.set(STEP));
  code.push(...op.br(0), ...op.end, ...op.end);
  // Store: C_POINTER = c + (ROW·n + COLUMN)·4, then one row per n·4 bytes.
  code.push(...op.get(ROW), ...op.get(N), ...op.mul, ...op.get(COLUMN), ...op.add, ...op.i32(4), ...op.mul);
  code.push(...op.get(C), ...op.add, ...op.set(C_POINTER));
  for (let row = 0; row < rows; row++) {
    if (vectors === 0) {
      code.push(...op.get(C_POINTER), ...op.get(SCALARS + row), ...op.f32Store(0));
    }
    for (let vector = 0; vector < vectors; vector++) {
      code.push(...op.get(C_POINTER), ...op.get(accumulator(row, vector)), ...op.v128Store(16 * vector));
    }
    code.push(...op.get(C_POINTER), ...op.get(ROW_BYTES_B), ...op.add, ...op.set(C_POINTER));
  }
  return code;
}

/** `while (COLUMN + width <= n) { tile; COLUMN += width }` for each column width, for `rows` rows. */
function columnLoops(rows: number): number[] {
  const code: number[] = [...op.i32(0), ...op.set(COLUMN)];
  for (const [vectors, width] of [
    [2, 8],
    [1, 4],
    [0, 1],
  ] as const) {
    code.push(...op.block, ...op.loop);
    code.push(...op.get(COLUMN), ...op.i32(width), ...op.add, ...op.get(N), ...op.gtS, ...op.brIf(1));
    code.push(...tile(rows, vectors));
    code.push(
      ...op.get(COLUMN),
      ...op.i32(width),
      ...op.add,
      ...op.set(COLUMN),
      ...op.br(0),
      ...op.end,
      ...op.end,
    );
  }
  return code;
}

function gemmBody(): number[] {
  const code: number[] = [];
  code.push(...op.get(K), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES_A));
  code.push(...op.get(N), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES_B));
  code.push(...op.i32(0), ...op.set(ROW));
  for (const rows of [4, 1]) {
    code.push(...op.block, ...op.loop);
    code.push(...op.get(ROW), ...op.i32(rows), ...op.add, ...op.get(M), ...op.gtS, ...op.brIf(1));
    code.push(...columnLoops(rows));
    code.push(...op.get(ROW), ...op.i32(rows), ...op.add, ...op.set(ROW), ...op.br(0), ...op.end, ...op.end);
  }
  code.push(...op.end);
  const locals = [
    3,
    ...unsignedLeb(I32_LOCALS),
    I32,
    ...unsignedLeb(V128_LOCALS),
    V128,
    ...unsignedLeb(F32_LOCALS),
    F32,
  ];
  const body = [...locals, ...code];
  return [...unsignedLeb(body.length), ...body];
}

/** The module's bytes: imports `env.memory`, exports `gemm(a, b, c, m, k, n)`. */
export function simdGemmModuleBytes(): Uint8Array {
  const type = [0x01, 0x60, 6, I32, I32, I32, I32, I32, I32, 0];
  const imports = [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00];
  const functions = [0x01, 0x00];
  const exports = [0x01, ...name('gemm'), 0x00, 0x00];
  const code = [0x01, ...gemmBody()];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, type),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** C = A·B on byte offsets of `memory`: A [m, k], B [k, n], C [m, n], row-major float32. */
export type SimdGemm = (a: number, b: number, c: number, m: number, k: number, n: number) => void;

const instances = new WeakMap<WasmMemory, SimdGemm | null>();

/**
 * The kernel bound to `memory`, or undefined where this engine cannot compile wasm SIMD (then the
 * caller keeps XNNPACK). Compiled once per memory.
 */
export function simdGemm(memory: WasmMemory): SimdGemm | undefined {
  let gemm = instances.get(memory);
  if (gemm === undefined) {
    const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    try {
      if (webAssembly === undefined) throw new Error('no WebAssembly');
      const module = new webAssembly.Module(simdGemmModuleBytes());
      const instance = new webAssembly.Instance(module, { env: { memory } });
      gemm = instance.exports['gemm'] as SimdGemm;
    } catch {
      gemm = null;
    }
    instances.set(memory, gemm);
  }
  return gemm ?? undefined;
}
