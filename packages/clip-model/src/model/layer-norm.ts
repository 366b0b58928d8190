import * as tf from '@tensorflow/tfjs';

/** LayerNorm eps of CLIP (methods.md). */
export const LAYER_NORM_EPSILON = 1e-5;

/**
 * LayerNorm over the last axis with a biased variance, as PyTorch's `nn.LayerNorm`. Written from
 * elementary ops so its gradient exists on every backend.
 */
export function layerNorm<T extends tf.Tensor>(x: T, gain: tf.Tensor1D, bias: tf.Tensor1D): T {
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const centred = tf.sub(x, tf.mean(x, axis, true));
    const variance = tf.mean(tf.square(centred), axis, true);
    return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gain), bias) as T;
  });
}
