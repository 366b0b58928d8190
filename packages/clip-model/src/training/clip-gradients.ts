import * as tf from '@tensorflow/tfjs';

/**
 * Rescales the gradients so their global L2 norm is at most `maxNorm` (PyTorch's
 * `clip_grad_norm_`: factor min(1, maxNorm / (norm + 1e-6))), entirely on the device: unlike a
 * version that returns the norm as a number, it never waits for the GPU, so the loop stays async.
 * Returns new tensors; the inputs are left to the caller.
 */
export function clipGradientsOnDevice(gradients: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  if (!(maxNorm >= 0) || !Number.isFinite(maxNorm)) {
    throw new RangeError(`clipGradientsOnDevice: maxNorm must be a finite number ≥ 0, got ${maxNorm}`);
  }
  const names = Object.keys(gradients);
  if (names.length === 0) return {};
  return tf.tidy(() => {
    const squares = names.map((name) => tf.sum(tf.square(gradients[name]!)));
    const norm = tf.sqrt(tf.addN(squares));
    const factor = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, 1e-6)));
    const clipped: tf.NamedTensorMap = {};
    for (const name of names) clipped[name] = tf.mul(gradients[name]!, factor);
    return clipped;
  });
}
