import type * as tf from '@tensorflow/tfjs';

interface ReferenceCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * `Identity` for the wasm backend that shares the input's memory (one more reference) instead of
 * copying it, as the cpu backend and the wasm `Reshape` do. tfjs tensors are immutable, so sharing is
 * safe; it matters because gradients call `cast(x, 'float32')` on float32 tensors, which is an
 * Identity: ≈ 700 full copies per step of a small CLIP (bench/NOTES.md).
 */
export const identityKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs['x'];
  if (x === undefined) throw new Error('Identity (wasm): expected input x');
  (backend as unknown as ReferenceCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};
