import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './wasm-kernel-backend.js';

/**
 * Registers a C++-side tensor that aliases `size` elements of an existing tensor from element
 * `start` on (4-byte elements), so a C++ kernel can run on one slice of a batch without a copy.
 * Release it with {@link releaseTensorView}; the memory stays owned by the aliased tensor.
 */
export function registerTensorView(
  backend: WasmBackendInternals,
  dataId: tf.DataId,
  start: number,
  size: number,
): number {
  const data = backend.dataIdMap.get(dataId);
  if (data === undefined) throw new Error('wasm tensor view: the aliased tensor is not on the wasm backend');
  // A fresh id each time: the C++ matMul caches XNNPACK operators (packed weights) by tensor id and
  // drops them when that id is disposed, so an id is never reused for other values.
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, data.memoryOffset + start * 4);
  return id;
}

/** Forgets a view made by {@link registerTensorView} (and any operator C++ cached for it). */
export function releaseTensorView(backend: WasmBackendInternals, id: number): void {
  backend.wasm.tfjs.disposeData(id);
}

/** The C++ id of a tensor on the wasm backend. */
export function cppTensorId(backend: WasmBackendInternals, dataId: tf.DataId): number {
  const data = backend.dataIdMap.get(dataId);
  if (data === undefined) throw new Error('wasm kernel: a tensor is not on the wasm backend');
  return data.id;
}

/** A Float32Array over a float32 tensor's memory on the wasm heap (valid until the heap grows). */
export function heapFloats(backend: WasmBackendInternals, info: tf.TensorInfo): Float32Array {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('wasm kernel: a tensor is not on the wasm backend');
  const size = info.shape.reduce((product, dimension) => product * dimension, 1);
  return new Float32Array(backend.wasm.HEAPU8.buffer, data.memoryOffset, size);
}
