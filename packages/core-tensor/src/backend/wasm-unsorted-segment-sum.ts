import type * as tf from '@tensorflow/tfjs';
import type { WasmKernelBackend } from './wasm-kernel-backend.js';

/**
 * `UnsortedSegmentSum` for the wasm backend, which tfjs 4.22 lacks; the gradient of `tf.gather`
 * needs it. out[s, ...] = Σ over i with segmentIds[i] = s of x[i, ...]; ids outside
 * [0, numSegments) are dropped, as TensorFlow does.
 */
export const unsortedSegmentSumKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const x = inputs['x'];
  const segmentIds = inputs['segmentIds'];
  if (x === undefined || segmentIds === undefined) {
    throw new Error('UnsortedSegmentSum (wasm): expected inputs x and segmentIds');
  }
  const numSegments = Number(attrs?.['numSegments']);
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(
      `UnsortedSegmentSum (wasm): numSegments must be a non-negative integer, got ${numSegments}`,
    );
  }
  const wasm = backend as WasmKernelBackend;
  const values = wasm.readSync(x.dataId) as ArrayLike<number>;
  const ids = wasm.readSync(segmentIds.dataId) as ArrayLike<number>;
  // segmentIds covers the leading dimensions of x; everything after them is one "row".
  const rowShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = rowShape.reduce((product, size) => product * size, 1);
  const output =
    x.dtype === 'int32' ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
  for (let index = 0; index < ids.length; index += 1) {
    const segment = ids[index] ?? -1;
    if (segment < 0 || segment >= numSegments) {
      continue;
    }
    const from = index * rowSize;
    const to = segment * rowSize;
    for (let offset = 0; offset < rowSize; offset += 1) {
      output[to + offset] = (output[to + offset] ?? 0) + (values[from + offset] ?? 0);
    }
  }
  return wasm.makeOutput([numSegments, ...rowShape], x.dtype, undefined, output);
};
