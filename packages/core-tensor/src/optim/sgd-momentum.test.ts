import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { SgdMomentum } from './sgd-momentum.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const values = (tensor: tf.Tensor) => Array.from(tensor.dataSync());

function expectClose(actual: readonly number[], expected: readonly number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => {
    expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 6);
  });
}

describe('SgdMomentum', () => {
  it('matches torch.optim.SGD with momentum, plain and Nesterov, for two steps', () => {
    const plain = tf.tidy(() => tf.variable(tf.tensor1d([1, -1]), true, 'sgd/plain'));
    const nesterov = tf.tidy(() => tf.variable(tf.tensor1d([1, -1]), true, 'sgd/nesterov'));
    const heavyBall = new SgdMomentum([plain], { momentum: 0.5, weightDecay: 0.1 });
    const lookahead = new SgdMomentum([nesterov], { momentum: 0.5, nesterov: true });
    const g1 = tf.tensor1d([1, 2]);
    const g2 = tf.tensor1d([-1, 4]);
    heavyBall.step({ 'sgd/plain': g1 }, 0.1);
    lookahead.step({ 'sgd/nesterov': g1 }, 0.1);
    // Plain, step 1: d = g + 0.1·θ = [1.1, 1.9]; b = d; θ = θ − 0.1·b = [0.89, −1.19].
    const plainStep1 = [1 - 0.1 * 1.1, -1 - 0.1 * 1.9];
    expectClose(values(plain), plainStep1);
    // Nesterov, step 1: b = g = [1, 2]; θ = θ − 0.1·(g + 0.5·b) = [1 − 0.15, −1 − 0.3].
    expectClose(values(nesterov), [0.85, -1.3]);

    heavyBall.step({ 'sgd/plain': g2 }, 0.1);
    lookahead.step({ 'sgd/nesterov': g2 }, 0.1);
    // Plain, step 2: d = [−1 + 0.089, 4 − 0.119]; b = 0.5·[1.1, 1.9] + d; θ −= 0.1·b.
    const d2 = [-1 + 0.1 * 0.89, 4 + 0.1 * -1.19];
    const b2 = [0.5 * 1.1 + (d2[0] ?? 0), 0.5 * 1.9 + (d2[1] ?? 0)];
    const plainStep2 = plainStep1.map((theta, i) => theta - 0.1 * (b2[i] ?? 0));
    expectClose(values(plain), plainStep2);
    // Nesterov, step 2: b = 0.5·[1, 2] + [−1, 4] = [−0.5, 5]; θ −= 0.1·(g + 0.5·b) = 0.1·[−1.25, 6.5].
    expectClose(values(nesterov), [0.85 + 0.125, -1.3 - 0.65]);

    const state = heavyBall.getState();
    expect(state.step).toBe(2);
    expect(Object.keys(state.tensors)).toEqual(['momentum/sgd/plain']);
    expectClose(values(state.tensors['momentum/sgd/plain'] as tf.Tensor), b2);
    for (const tensor of [g1, g2, plain, nesterov, ...Object.values(state.tensors)]) tensor.dispose();
    heavyBall.dispose();
    lookahead.dispose();
  });

  it('resumes from its state and does not leak per step', () => {
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3]), true, 'sgd/resume'));
    const first = new SgdMomentum([w]);
    const gradient = tf.tensor1d([0.5, -0.5, 1]);
    first.step({ 'sgd/resume': gradient }, 0.1);
    const before = tf.memory().numTensors;
    first.step({ 'sgd/resume': gradient }, 0.1);
    expect(tf.memory().numTensors).toBe(before);
    const state = first.getState();
    const second = new SgdMomentum([w]);
    second.setState(state);
    const snapshot = values(w);
    first.step({ 'sgd/resume': gradient }, 0.1);
    const viaFirst = values(w);
    tf.tidy(() => w.assign(tf.tensor1d(snapshot)));
    second.step({ 'sgd/resume': gradient }, 0.1);
    expect(values(w)).toEqual(viaFirst);
    expect(() => new SgdMomentum([w], { momentum: 0, nesterov: true })).toThrow(
      /Nesterov momentum needs momentum > 0/,
    );
    for (const tensor of [gradient, w, ...Object.values(state.tensors)]) tensor.dispose();
    first.dispose();
    second.dispose();
  });
});
