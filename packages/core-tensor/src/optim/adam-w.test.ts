import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { Adam } from './adam.js';
import { AdamW } from './adam-w.js';
import { splitWeightDecayGroups } from './parameter-groups.js';

const values = (tensor: tf.Tensor) => Array.from(tensor.dataSync());

function expectClose(actual: readonly number[], expected: readonly number[], digits = 6) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => {
    expect(value).toBeCloseTo(expected[index] ?? Number.NaN, digits);
  });
}

let created: tf.Variable[] = [];
function variable(name: string, data: number[], shape: number[]): tf.Variable {
  const result = tf.tidy(() => tf.variable(tf.tensor(data, shape), true, name));
  created.push(result);
  return result;
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

afterEach(() => {
  for (const item of created) {
    item.dispose();
  }
  created = [];
});

describe('AdamW', () => {
  it('matches torch.optim.AdamW for two steps, computed by hand', () => {
    // lr 0.1, λ 0.1, β1 0.9, β2 0.999, ε 0.01 (large, so its place in the formula shows).
    const weight = variable('hand/weight', [1, -2], [2]);
    const optimizer = new AdamW([weight], { beta1: 0.9, beta2: 0.999, epsilon: 0.01, weightDecay: 0.1 });
    const g1 = tf.tensor1d([0.5, 0.1]);
    optimizer.step({ 'hand/weight': g1 }, 0.1);

    // Step 1. Decay: θ·(1 − 0.1·0.1) = θ·0.99 → [0.99, −1.98].
    // m = 0.1·g = [0.05, 0.01]; v = 0.001·g² = [0.00025, 0.00001].
    // √v/√(1 − 0.999) + ε = [√0.25 + 0.01, √0.01 + 0.01] = [0.51, 0.11]; step size 0.1/(1 − 0.9) = 1.
    const step1 = [0.99 - 0.05 / 0.51, -1.98 - 0.01 / 0.11];
    expect(step1[0]).toBeCloseTo(0.891960784, 8);
    expect(step1[1]).toBeCloseTo(-2.070909091, 8);
    expectClose(values(weight), step1);

    const g2 = tf.tensor1d([-0.2, 0.3]);
    optimizer.step({ 'hand/weight': g2 }, 0.1);
    // Step 2. m = 0.9·m + 0.1·g, v = 0.999·v + 0.001·g², bias corrections 1 − 0.9², 1 − 0.999².
    const m2 = [0.9 * 0.05 + 0.1 * -0.2, 0.9 * 0.01 + 0.1 * 0.3];
    const v2 = [0.999 * 0.00025 + 0.001 * 0.04, 0.999 * 0.00001 + 0.001 * 0.09];
    const stepSize = 0.1 / (1 - 0.9 ** 2);
    const correction = Math.sqrt(1 - 0.999 ** 2);
    const step2 = step1.map(
      (theta, i) => theta * 0.99 - (stepSize * (m2[i] ?? 0)) / (Math.sqrt(v2[i] ?? 0) / correction + 0.01),
    );
    expect(m2).toEqual([0.025, 0.039]);
    expect(step2[0]).toBeCloseTo(
      0.883041176 - (0.1 / 0.19) * (0.025 / (Math.sqrt(0.00028975 / 0.001999) + 0.01)),
      8,
    );
    expectClose(values(weight), step2);
    expect(optimizer.getState().step).toBe(2);
    for (const tensor of [g1, g2]) tensor.dispose();
    optimizer.dispose();
  });

  it('decays weights but not biases, norms or logit_scale when given split groups', () => {
    const kernel = variable('layer/kernel', [1, 2, 3, 4], [2, 2]);
    const bias = variable('layer/bias', [1, 1], [2]);
    const norm = variable('ln_final/gamma2d', [1, 1], [1, 2]);
    const scale = variable('logit_scale', [2.6592], []);
    const groups = splitWeightDecayGroups([kernel, bias, norm, scale], 0.2);
    expect(groups.map((group) => [group.weightDecay, group.variables.map((v) => v.name)])).toEqual([
      [0.2, ['layer/kernel']],
      [0, ['layer/bias', 'ln_final/gamma2d', 'logit_scale']],
    ]);
    const optimizer = new AdamW(groups);
    // Zero gradients leave m = v = 0, so the Adam step is 0 and only the decay θ·(1 − 0.5·0.2) acts.
    const zero = (v: tf.Variable) => tf.zerosLike(v);
    const gradients = {
      'layer/kernel': zero(kernel),
      'layer/bias': zero(bias),
      'ln_final/gamma2d': zero(norm),
      logit_scale: zero(scale),
    };
    optimizer.step(gradients, 0.5);
    expectClose(values(kernel), [0.9, 1.8, 2.7, 3.6]);
    expect(values(bias)).toEqual([1, 1]);
    expect(values(norm)).toEqual([1, 1]);
    expectClose(values(scale), [2.6592]);
    for (const tensor of Object.values(gradients)) tensor.dispose();
    optimizer.dispose();
  });

  it('resumes identically from setState(getState()) in a fresh optimiser', () => {
    const gradientsAt = (step: number) => ({
      'resume/w': tf.tensor2d([0.3 - step * 0.1, 0.2, -0.4, step * 0.05], [2, 2]),
      'resume/b': tf.tensor1d([0.1 * step, -0.2]),
    });
    const run = (optimizer: AdamW, from: number, to: number) => {
      for (let step = from; step < to; step += 1) {
        const gradients = gradientsAt(step);
        optimizer.step(gradients, 0.01);
        for (const tensor of Object.values(gradients)) tensor.dispose();
      }
    };
    const start = { w: [1, 2, 3, 4], b: [0.5, -0.5] };

    // Reference: four uninterrupted steps.
    let w = variable('resume/w', start.w, [2, 2]);
    let b = variable('resume/b', start.b, [2]);
    let optimizer = new AdamW(splitWeightDecayGroups([w, b], 0.1));
    run(optimizer, 0, 4);
    const reference = [...values(w), ...values(b)];
    optimizer.dispose();
    w.dispose();
    b.dispose();

    // Two steps, save, tear everything down, rebuild with the saved values and state, two more steps.
    w = variable('resume/w', start.w, [2, 2]);
    b = variable('resume/b', start.b, [2]);
    optimizer = new AdamW(splitWeightDecayGroups([w, b], 0.1));
    run(optimizer, 0, 2);
    const saved = optimizer.getState();
    expect(Object.keys(saved.tensors).sort()).toEqual([
      'm/resume/b',
      'm/resume/w',
      'step/resume/b',
      'step/resume/w',
      'v/resume/b',
      'v/resume/w',
    ]);
    const savedValues = { w: values(w), b: values(b) };
    optimizer.dispose();
    w.dispose();
    b.dispose();

    w = variable('resume/w', savedValues.w, [2, 2]);
    b = variable('resume/b', savedValues.b, [2]);
    optimizer = new AdamW(splitWeightDecayGroups([w, b], 0.1));
    optimizer.setState(saved);
    for (const tensor of Object.values(saved.tensors)) tensor.dispose();
    expect(optimizer.getState().step).toBe(2);
    run(optimizer, 2, 4);
    expect([...values(w), ...values(b)]).toEqual(reference);
    optimizer.dispose();
  });

  it('rejects a state for other variables or with wrong shapes', () => {
    const w = variable('state/w', [1, 2], [2]);
    const optimizer = new AdamW([w]);
    const other = { m: tf.zeros([3]), v: tf.zeros([2]), x: tf.zeros([2]) };
    expect(() =>
      optimizer.setState({ step: 1, tensors: { 'm/state/w': other.m, 'v/state/w': other.v } }),
    ).toThrow(/tensor 'm\/state\/w' has shape \[3\], expected \[2\]/);
    expect(() => optimizer.setState({ step: 1, tensors: { 'v/state/w': other.v } })).toThrow(
      /missing tensor 'm\/state\/w'/,
    );
    expect(() =>
      optimizer.setState({
        step: 1,
        tensors: { 'm/state/w': other.v, 'v/state/w': other.v, 'm/elsewhere': other.x },
      }),
    ).toThrow(/unexpected tensor 'm\/elsewhere'/);
    for (const tensor of Object.values(other)) tensor.dispose();
    optimizer.dispose();
  });

  it('keeps the tensor count flat across steps and frees its buffers on dispose', () => {
    const baseline = tf.memory().numTensors;
    const w = variable('leak/w', [1, 2, 3, 4], [2, 2]);
    const optimizer = new AdamW([w], { weightDecay: 0.1 });
    const gradient = tf.tensor2d([0.1, -0.1, 0.2, 0.3], [2, 2]);
    optimizer.step({ 'leak/w': gradient }, 0.01);
    const afterFirst = tf.memory().numTensors;
    for (let step = 0; step < 3; step += 1) optimizer.step({ 'leak/w': gradient }, 0.01);
    expect(tf.memory().numTensors).toBe(afterFirst);
    gradient.dispose();
    optimizer.dispose();
    w.dispose();
    created = [];
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('skips variables without a gradient, ignores unknown names and checks shapes and rates', () => {
    const a = variable('skip/a', [1], [1]);
    const b = variable('skip/b', [1], [1]);
    const optimizer = new AdamW([a, b], { weightDecay: 0 });
    const gradient = tf.tensor1d([1]);
    optimizer.step({ 'skip/a': gradient, 'not/mine': gradient }, 0.1);
    // First Adam step moves by lr·sign(g) (up to ε): 1 − 0.1.
    expectClose(values(a), [0.9]);
    expect(values(b)).toEqual([1]);
    const wrong = tf.tensor1d([1, 2]);
    expect(() => optimizer.step({ 'skip/a': wrong }, 0.1)).toThrow(
      /gradient of 'skip\/a' has shape \[2\], expected \[1\]/,
    );
    expect(() => optimizer.step({ 'skip/a': gradient }, Number.NaN)).toThrow(/learning rate/);
    expect(() => new AdamW([a, a])).toThrow(/'skip\/a' appears more than once/);
    expect(() => new AdamW([a], { beta2: 1 })).toThrow(/beta2 must be in \[0, 1\)/);
    wrong.dispose();
    gradient.dispose();
    optimizer.dispose();
    expect(() => optimizer.step({}, 0.1)).toThrow(/after dispose/);
  });
});

describe('Adam', () => {
  it('matches torch.optim.Adam for one step, with the decay as an L2 term in the gradient', () => {
    const plain = variable('adam/plain', [1, -2], [2]);
    const decayed = variable('adam/decayed', [1, -2], [2]);
    const adam = new Adam([plain], { epsilon: 0.01 });
    const adamL2 = new Adam([{ variables: [decayed], weightDecay: 0.5 }], { epsilon: 0.01 });
    const gradient = tf.tensor1d([0.5, 0.1]);
    adam.step({ 'adam/plain': gradient }, 0.1);
    adamL2.step({ 'adam/decayed': gradient }, 0.1);
    // m̂ = g, √v̂ = |g| after one step (β defaults 0.9, 0.999), so θ − 0.1·g/(|g| + 0.01).
    expectClose(values(plain), [1 - (0.1 * 0.5) / 0.51, -2 - (0.1 * 0.1) / 0.11]);
    // With L2 0.5: g' = g + 0.5·θ = [1, −0.9].
    expectClose(values(decayed), [1 - (0.1 * 1) / 1.01, -2 - (0.1 * -0.9) / 0.91]);
    gradient.dispose();
    adam.dispose();
    adamL2.dispose();
  });
});
