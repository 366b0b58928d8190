import * as tf from '@tensorflow/tfjs';

/**
 * Scales `x` to unit L2 norm along `axis` (default: the last). A vector whose norm is below
 * `epsilon` is divided by `epsilon` instead, as PyTorch's `F.normalize` does, so a zero vector stays
 * zero rather than becoming NaN. The clamp is on the squared norm before `rsqrt`, which keeps the
 * gradient finite at zero as well (the CLIP loss differentiates through this).
 */
export function l2Normalize<T extends tf.Tensor>(x: T, axis = -1, epsilon = 1e-12): T {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new RangeError(`l2Normalize: epsilon must be a positive finite number, got ${epsilon}`);
  }
  if (x.rank === 0) throw new RangeError('l2Normalize: a scalar has no axis to normalise along');
  if (axis < -x.rank || axis >= x.rank) {
    throw new RangeError(`l2Normalize: axis ${axis} is out of range for a tensor of rank ${x.rank}`);
  }
  return tf.tidy(() => {
    const squaredNorm = tf.sum(tf.square(x), axis, true);
    return tf.mul(x, tf.rsqrt(tf.maximum(squaredNorm, epsilon * epsilon)));
  }) as T;
}
