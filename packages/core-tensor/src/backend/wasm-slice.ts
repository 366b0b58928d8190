import * as tf from '@tensorflow/tfjs';
import { type WasmBackendInternals, wasmInternals } from './wasm-kernel-backend.js';
import type { StockKernels } from './wasm-stock-kernels.js';

type HeapArray = Float32Array | Int32Array | Uint8Array;

/** The whole wasm heap as an array of `dtype`'s elements, and a tensor's first element in it. */
function heapOf(backend: WasmBackendInternals, info: tf.TensorInfo): { heap: HeapArray; start: number } {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('Slice (wasm): a tensor is not on the wasm backend');
  const buffer = backend.wasm.HEAPU8.buffer;
  if (info.dtype === 'bool') return { heap: new Uint8Array(buffer), start: data.memoryOffset };
  const heap = info.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
  return { heap, start: data.memoryOffset / 4 };
}

/**
 * Copies the box `begin`/`size` of `x` into the new tensor `out`. Every axis after the last partial
 * one is whole, so the box is a set of equal contiguous runs; each run is one `copyWithin` on the
 * heap. (tfjs 4.22's wasm Slice first copies the *whole* input out of the heap, then the box run by
 * run through fresh subarrays: ≈ 130 ms to split a CLIP qkv tensor three ways.)
 */
function copyBox(
  backend: WasmBackendInternals,
  x: tf.TensorInfo,
  begin: readonly number[],
  size: readonly number[],
  out: tf.TensorInfo,
): void {
  const rank = x.shape.length;
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= x.shape[axis]!;
  }
  let partial = -1;
  for (let axis = rank - 1; axis >= 0; axis--) {
    if (size[axis] !== x.shape[axis]) {
      partial = axis;
      break;
    }
  }
  const source = heapOf(backend, x);
  const target = heapOf(backend, out);
  const total = size.reduce((product, dimension) => product * dimension, 1);
  if (total === 0) return;
  if (partial === -1) {
    source.heap.copyWithin(target.start, source.start, source.start + total);
    return;
  }
  const run = size[partial]! * strides[partial]!;
  const runs = total / run;
  // Odometer over the axes before the partial one; each position is one run.
  const index = new Array<number>(partial).fill(0);
  let from = source.start + begin[partial]! * strides[partial]!;
  for (let axis = 0; axis < partial; axis++) from += begin[axis]! * strides[axis]!;
  let to = target.start;
  for (let count = 0; count < runs; count++) {
    source.heap.copyWithin(to, from, from + run);
    to += run;
    for (let axis = partial - 1; axis >= 0; axis--) {
      index[axis]! += 1;
      from += strides[axis]!;
      if (index[axis]! < size[axis]!) break;
      from -= size[axis]! * strides[axis]!;
      index[axis] = 0;
    }
  }
}

function sliceInfo(
  backend: WasmBackendInternals,
  x: tf.TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): tf.TensorInfo {
  const out = backend.makeOutput([...size], x.dtype);
  copyBox(backend, x, begin, size, out);
  return out;
}

/**
 * `Slice`, `SplitV` and `Unpack` for the wasm backend on numeric tensors, copying contiguous runs on
 * the heap; string tensors go to the stock kernels in `fallbacks` (by kernel name).
 */
export function sliceKernels(fallbacks: StockKernels): Record<string, tf.KernelFunc> {
  const slice: tf.KernelFunc = (args) => {
    const x = args.inputs['x'];
    if (x === undefined) throw new Error('Slice (wasm): expected input x');
    if (x.dtype === 'string') return fallbacks.run('Slice', args);
    const [begin, size] = tf.slice_util.parseSliceParams(
      x as tf.TensorInfo as tf.Tensor,
      args.attrs?.['begin'] as number | number[],
      args.attrs?.['size'] as number | number[],
    );
    return sliceInfo(wasmInternals(args.backend, 'Slice'), x, begin!, size!);
  };

  const splitV: tf.KernelFunc = (args) => {
    const x = args.inputs['x'];
    if (x === undefined) throw new Error('SplitV (wasm): expected input x');
    if (x.dtype === 'string') return fallbacks.run('SplitV', args);
    const backend = wasmInternals(args.backend, 'SplitV');
    const axis = tf.util.parseAxisParam(args.attrs?.['axis'] as number, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(
      x as tf.TensorInfo as tf.Tensor,
      args.attrs?.['numOrSizeSplits'] as number | number[],
      axis,
    );
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((part) => {
      const size = [...x.shape];
      size[axis] = part;
      const out = sliceInfo(backend, x, begin, size);
      begin[axis]! += part;
      return out;
    });
  };

  const unpack: tf.KernelFunc = (args) => {
    const value = args.inputs['value'];
    if (value === undefined) throw new Error('Unpack (wasm): expected input value');
    if (value.dtype === 'string') return fallbacks.run('Unpack', args);
    const backend = wasmInternals(args.backend, 'Unpack');
    const rank = value.shape.length;
    let axis = Number(args.attrs?.['axis'] ?? 0);
    if (axis < 0) axis += rank;
    const count = value.shape[axis]!;
    const begin = new Array<number>(rank).fill(0);
    const size = [...value.shape];
    size[axis] = 1;
    const outShape = value.shape.filter((_, index) => index !== axis);
    const outputs: tf.TensorInfo[] = [];
    for (let index = 0; index < count; index++) {
      begin[axis] = index;
      const out = sliceInfo(backend, value, begin, size);
      outputs.push({ dataId: out.dataId, shape: [...outShape], dtype: out.dtype });
    }
    return outputs;
  };

  return { Slice: slice, SplitV: splitV, Unpack: unpack };
}
