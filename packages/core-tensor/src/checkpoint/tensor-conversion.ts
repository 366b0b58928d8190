import * as tf from '@tensorflow/tfjs';
import type { StoredTensor } from './decode-safetensors.js';
import type { TensorToStore } from './encode-safetensors.js';

/** A tfjs tensor from a stored one: float32 for floating dtypes, int32 for the integer ones. */
export function storedToTensor(stored: StoredTensor): tf.Tensor {
  const data = stored.data instanceof Uint8Array ? Int32Array.from(stored.data) : stored.data;
  return tf.tensor(data, [...stored.shape], data instanceof Float32Array ? 'float32' : 'int32');
}

/** A tfjs tensor's values, ready for `encodeSafetensors` (bool is stored as I32). */
export async function tensorToStore(tensor: tf.Tensor): Promise<TensorToStore> {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32' && tensor.dtype !== 'bool') {
    throw new Error(`tensorToStore: cannot store a ${tensor.dtype} tensor`);
  }
  const values = await tensor.data();
  const data =
    tensor.dtype === 'float32'
      ? Float32Array.from(values as Float32Array)
      : Int32Array.from(values as Int32Array);
  return { shape: [...tensor.shape], data };
}
