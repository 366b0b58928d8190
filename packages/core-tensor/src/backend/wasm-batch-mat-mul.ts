import * as tf from '@tensorflow/tfjs';
import { type WasmBackendInternals, wasmInternals, wasmMemory } from './wasm-kernel-backend.js';
import { simdGemm } from './wasm-simd-gemm.js';
import { cppTensorId, heapFloats, registerTensorView, releaseTensorView } from './wasm-tensor-view.js';

type NativeProduct = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

const nativeProducts = new WeakMap<object, NativeProduct>();

/** tfjs-backend-wasm's exported C++ `BatchMatMul`, bound once per backend. */
function nativeProduct(backend: WasmBackendInternals): NativeProduct {
  let product = nativeProducts.get(backend);
  if (product === undefined) {
    product = backend.wasm.cwrap('BatchMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
    ]) as NativeProduct;
    nativeProducts.set(backend, product);
  }
  return product;
}

/**
 * Largest right operand (bytes) for the SIMD kernel: it streams B once per 4 rows, so B should stay in
 * the L2 cache; larger products amortise XNNPACK's set-up and use its cache blocking.
 */
const simdRightOperandBytes = 256 * 1024;

function heapOffset(backend: WasmBackendInternals, dataId: tf.DataId): number {
  const data = backend.dataIdMap.get(dataId);
  if (data === undefined) throw new Error('BatchMatMul (wasm): a tensor is not on the wasm backend');
  return data.memoryOffset;
}

function shapeBytes(shape: readonly number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** `x` viewed as [batch, rows, columns] → a new [batch, columns, rows] tensor (the caller disposes it). */
function swapLastAxes(
  backend: WasmBackendInternals,
  x: tf.TensorInfo,
  batch: number,
  rows: number,
  columns: number,
): tf.TensorInfo {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) throw new Error('BatchMatMul (wasm): the wasm Transpose kernel is missing');
  return transpose.kernelFunc({
    inputs: { x: { dataId: x.dataId, shape: [batch, rows, columns], dtype: x.dtype } },
    backend: backend as unknown as tf.KernelBackend,
    attrs: { perm: [0, 2, 1] },
  }) as tf.TensorInfo;
}

/** For each output batch index, the batch index of an operand broadcast to `outShape`. */
function broadcastIndices(operandShape: readonly number[], outShape: readonly number[]): Int32Array {
  const count = sizeOf(outShape);
  const indices = new Int32Array(count);
  const padded = [...new Array<number>(outShape.length - operandShape.length).fill(1), ...operandShape];
  for (let index = 0; index < count; index++) {
    let rest = index;
    let operandIndex = 0;
    let stride = 1;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      const size = outShape[axis]!;
      const coordinate = rest % size;
      rest = (rest - coordinate) / size;
      const operandSize = padded[axis]!;
      if (operandSize !== 1) operandIndex += coordinate * stride;
      stride *= operandSize;
    }
    indices[index] = operandIndex;
  }
  return indices;
}

/**
 * `BatchMatMul` for the wasm backend that keeps every product on XNNPACK. tfjs 4.22's wasm kernel
 * sends a product to XNNPACK (≈ 25 GFLOP/s) only when neither operand is transposed and both have
 * batch 1, and otherwise runs a scalar C++ loop (≈ 0.6–2 GFLOP/s) — and backpropagation is made of
 * transposed products, attention of batched ones. Here a transposed operand is first transposed
 * explicitly (an O(size) copy against the product's O(m·k·n) work); a batch whose right operand is
 * shared becomes one product with the left batches stacked as rows; any other batch (attention) is a
 * loop of small products on the heap with our SIMD kernel (`wasm-simd-gemm.ts`: no per-product
 * set-up), or of XNNPACK products on zero-copy views of each slice when the slices are large.
 * Outer (batch) dimensions broadcast as in tfjs.
 */
export const batchMatMulKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const a = inputs['a'];
  const b = inputs['b'];
  if (a === undefined || b === undefined) throw new Error('BatchMatMul (wasm): expected inputs a and b');
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`BatchMatMul (wasm): only float32 operands are supported, got ${a.dtype} and ${b.dtype}`);
  }
  if (a.shape.length < 2 || b.shape.length < 2) {
    throw new Error(`BatchMatMul (wasm): operands need rank ≥ 2, got [${a.shape}] and [${b.shape}]`);
  }
  const internals = wasmInternals(backend, 'BatchMatMul');
  const transposeA = attrs?.['transposeA'] === true;
  const transposeB = attrs?.['transposeB'] === true;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const m = a.shape[transposeA ? aRank - 1 : aRank - 2]!;
  const k = a.shape[transposeA ? aRank - 2 : aRank - 1]!;
  const kB = b.shape[transposeB ? bRank - 1 : bRank - 2]!;
  const n = b.shape[transposeB ? bRank - 2 : bRank - 1]!;
  if (k !== kB) {
    throw new Error(
      `BatchMatMul (wasm): inner dimensions ${k} and ${kB} of [${a.shape}] and [${b.shape}] (transposeA=${transposeA}, transposeB=${transposeB}) differ`,
    );
  }
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  const batchShape = tf.backend_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
  const batchA = sizeOf(batchShapeA);
  const batchB = sizeOf(batchShapeB);
  const batches = sizeOf(batchShape);
  const out = internals.makeOutput([...batchShape, m, n], 'float32');
  if (batches * m * n === 0) return out;
  if (k === 0) {
    heapFloats(internals, out).fill(0);
    return out;
  }

  const left = transposeA ? swapLastAxes(internals, a, batchA, k, m) : a;
  const right = transposeB ? swapLastAxes(internals, b, batchB, n, k) : b;
  const product = nativeProduct(internals);
  const outId = cppTensorId(internals, out.dataId);
  try {
    if (batchB === 1 && batchA === batches) {
      // One product [batchA·m, k] · [k, n]: the output rows are the stacked batches' rows.
      product(
        cppTensorId(internals, left.dataId),
        shapeBytes([1, batchA * m, k]),
        3,
        cppTensorId(internals, right.dataId),
        shapeBytes([1, k, n]),
        3,
        false,
        false,
        outId,
      );
    } else {
      const indicesA = broadcastIndices(batchShapeA, batchShape);
      const indicesB = broadcastIndices(batchShapeB, batchShape);
      const memory = wasmMemory(internals);
      const gemm = memory === undefined || k * n * 4 > simdRightOperandBytes ? undefined : simdGemm(memory);
      if (gemm !== undefined) {
        const leftStart = heapOffset(internals, left.dataId);
        const rightStart = heapOffset(internals, right.dataId);
        const outStart = heapOffset(internals, out.dataId);
        for (let index = 0; index < batches; index++) {
          gemm(
            leftStart + indicesA[index]! * m * k * 4,
            rightStart + indicesB[index]! * k * n * 4,
            outStart + index * m * n * 4,
            m,
            k,
            n,
          );
        }
        return out;
      }
      const leftShape = shapeBytes([1, m, k]);
      const rightShape = shapeBytes([1, k, n]);
      for (let index = 0; index < batches; index++) {
        const leftView = registerTensorView(internals, left.dataId, indicesA[index]! * m * k, m * k);
        const rightView = registerTensorView(internals, right.dataId, indicesB[index]! * k * n, k * n);
        const outView = registerTensorView(internals, out.dataId, index * m * n, m * n);
        try {
          product(leftView, leftShape, 3, rightView, rightShape, 3, false, false, outView);
        } finally {
          releaseTensorView(internals, leftView);
          releaseTensorView(internals, rightView);
          releaseTensorView(internals, outView);
        }
      }
    }
  } finally {
    if (left !== a) internals.disposeData(left.dataId);
    if (right !== b) internals.disposeData(right.dataId);
  }
  return out;
};
