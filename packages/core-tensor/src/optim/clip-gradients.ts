import * as tf from '@tensorflow/tfjs';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm`, as
 * `torch.nn.utils.clip_grad_norm_`: coefficient = maxNorm / (‖g‖ + 1e-6), applied only when below 1.
 * Returns new tensors (the caller disposes them and, separately, the inputs, which are untouched)
 * and the norm before clipping. A non-finite norm is returned as is and makes the gradients NaN.
 */
export function clipGradientsByGlobalNorm(
  gradients: tf.NamedTensorMap,
  maxNorm: number,
): { gradients: tf.NamedTensorMap; globalNorm: number } {
  if (!(Number.isFinite(maxNorm) && maxNorm > 0)) {
    throw new Error(`clipGradientsByGlobalNorm: maxNorm must be a finite number > 0, got ${maxNorm}`);
  }
  const entries = Object.entries(gradients);
  const globalNorm =
    entries.length === 0
      ? 0
      : tf.tidy(() => {
          const squares = entries.map(([, gradient]) => gradient.toFloat().square().sum());
          return tf.addN(squares).sqrt().dataSync()[0] ?? 0;
        });
  const coefficient = maxNorm / (globalNorm + 1e-6);
  const clipped: tf.NamedTensorMap = {};
  for (const [name, gradient] of entries) {
    clipped[name] =
      coefficient < 1 || !Number.isFinite(globalNorm)
        ? tf.tidy(() => gradient.mul(coefficient))
        : gradient.clone();
  }
  return { gradients: clipped, globalNorm };
}
