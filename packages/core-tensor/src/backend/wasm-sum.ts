import * as tf from '@tensorflow/tfjs';
import { type WasmBackendInternals, wasmInternals, wasmMemory } from './wasm-kernel-backend.js';
import { simdGemm } from './wasm-simd-gemm.js';
import type { StockKernels } from './wasm-stock-kernels.js';

function offset(backend: WasmBackendInternals, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('Sum (wasm): a tensor is not on the wasm backend');
  return data.memoryOffset;
}

/**
 * `Sum` for the wasm backend. A float32 sum over the *leading* axes — the gradient of a broadcast
 * bias or LayerNorm gain, x [rows, columns] → [columns] — is the product ones[1, rows]·x, one pass of
 * the SIMD kernel over x; tfjs 4.22 transposes x first (a strided copy of all of it) and then reduces
 * the last axis. Any other sum goes to the stock kernel.
 */
export function sumKernel(fallbacks: StockKernels): tf.KernelFunc {
  return (args) => {
    const x = args.inputs['x'];
    if (x === undefined) throw new Error('Sum (wasm): expected input x');
    const axes = tf.util
      .parseAxisParam(args.attrs?.['axis'] as number | number[], x.shape)
      .sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.every((axis, index) => axis === index);
    const backend = wasmInternals(args.backend, 'Sum');
    const memory = x.dtype === 'float32' && leading ? wasmMemory(backend) : undefined;
    const gemm = memory === undefined ? undefined : simdGemm(memory);
    const rows = x.shape.slice(0, axes.length).reduce((product, size) => product * size, 1);
    const columnShape = x.shape.slice(axes.length);
    const columns = columnShape.reduce((product, size) => product * size, 1);
    if (gemm === undefined || rows === 0 || columns === 0) return fallbacks.run('Sum', args);
    const keepDims = args.attrs?.['keepDims'] === true;
    const outShape = keepDims ? [...axes.map(() => 1), ...columnShape] : columnShape;
    const ones = backend.makeOutput([rows], 'float32');
    const out = backend.makeOutput(outShape, 'float32');
    new Float32Array(backend.wasm.HEAPU8.buffer, offset(backend, ones), rows).fill(1);
    gemm(offset(backend, ones), offset(backend, x), offset(backend, out), 1, rows, columns);
    backend.disposeData(ones.dataId);
    return out;
  };
}
