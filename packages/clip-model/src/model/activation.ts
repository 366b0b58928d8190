import * as tf from '@tensorflow/tfjs';
import type { ClipActivation } from './clip-config.js';

const QUICK_GELU_SLOPE = 1.702;

/**
 * QuickGELU `x·σ(1.702x)`, the approximation OpenAI CLIP was trained with (methods.md). Its
 * gradient `σ(1.702x)·(1 + 1.702·x·(1 − σ(1.702x)))` is written out: autodiff of the product
 * would cast and copy the MLP's widest activation several times per layer.
 */
export function quickGelu<T extends tf.Tensor>(x: T): T {
  const activation = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = inputs as [tf.Tensor, tf.GradSaveFunc];
    const gate = tf.sigmoid(tf.mul(input, QUICK_GELU_SLOPE));
    save([input, gate]);
    return {
      value: tf.mul(input, gate),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedGate] = saved as [tf.Tensor, tf.Tensor];
        const slope = tf.add(tf.mul(tf.mul(savedInput, tf.sub(1, savedGate)), QUICK_GELU_SLOPE), 1);
        return [tf.mul(dy, tf.mul(savedGate, slope))];
      },
    };
  });
  return activation(x) as T;
}

/** Exact GELU `0.5·x·(1 + erf(x/√2))` (Hendrycks & Gimpel 2016, eq. 1 without approximation). */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)) as T);
}

export function applyActivation<T extends tf.Tensor>(activation: ClipActivation, x: T): T {
  return activation === 'gelu' ? gelu(x) : quickGelu(x);
}
