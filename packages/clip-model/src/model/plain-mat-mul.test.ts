import { SeededRandom } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { quickGelu } from './activation.js';
import { plainLinear, plainMatMul } from './plain-mat-mul.js';
import { tokenEmbedding } from './token-embedding.js';

const random = SeededRandom.fromSeed('custom-gradients');

function tensor(shape: number[]): tf.Tensor {
  return tf.tensor(random.normalArray(shape.reduce((a, b) => a * b, 1)), shape);
}

/** Largest |difference| between the gradients of Σ f(inputs)·weights by f and by a reference. */
function gradientGap(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  reference: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
): number {
  return tf.tidy(() => {
    const weights = tensor(f(...inputs).shape);
    const ours = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs);
    const theirs = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(reference(...xs), weights)))(inputs);
    const values = tf.max(tf.abs(tf.sub(f(...inputs), reference(...inputs)))).dataSync()[0]!;
    const gaps = ours.map(
      (gradient, index) => tf.max(tf.abs(tf.sub(gradient, theirs[index]!))).dataSync()[0]!,
    );
    return Math.max(values, ...gaps);
  });
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
});

describe('hand-written gradients agree with tfjs autodiff', () => {
  it('plainMatMul for rank 2 and batched rank 4', () => {
    const product = (a: tf.Tensor, b: tf.Tensor) => plainMatMul(a, b);
    expect(gradientGap(product, (a, b) => tf.matMul(a, b), [tensor([5, 7]), tensor([7, 3])])).toBeLessThan(
      1e-5,
    );
    expect(
      gradientGap(product, (a, b) => tf.matMul(a, b), [tensor([2, 3, 4, 6]), tensor([2, 3, 6, 5])]),
    ).toBeLessThan(1e-5);
  });

  it('plainLinear including the bias', () => {
    const ours = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      plainLinear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D);
    const reference = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x, w), b);
    expect(gradientGap(ours, reference, [tensor([6, 4]), tensor([4, 5]), tensor([5])])).toBeLessThan(1e-5);
  });

  it('quickGelu', () => {
    const reference = (x: tf.Tensor) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
    expect(gradientGap((x) => quickGelu(x), reference, [tf.mul(tensor([40]), 3)])).toBeLessThan(1e-5);
  });

  it('tokenEmbedding on the cpu backend, where gather has its own gradient', async () => {
    await tf.setBackend('cpu');
    const ids = tf.tensor1d([3, 0, 3, 1, 3], 'int32');
    const table = tensor([4, 6]);
    const gap = gradientGap(
      (t) => tokenEmbedding(t as tf.Tensor2D, ids),
      (t) => tf.gather(t, ids),
      [table],
    );
    expect(gap).toBeLessThan(1e-6);
    tf.dispose([ids, table]);
    await tf.setBackend('wasm');
  });
});
