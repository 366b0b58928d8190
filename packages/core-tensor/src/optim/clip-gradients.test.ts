import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { clipGradientsByGlobalNorm } from './clip-gradients.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('clipGradientsByGlobalNorm', () => {
  it('scales every gradient by maxNorm / (‖g‖ + 1e-6) when the global norm exceeds maxNorm', () => {
    // ‖[3, 4]‖ = 5, ‖[[12]]‖ = 12, global √(25 + 144) = 13.
    const gradients = { a: tf.tensor1d([3, 4]), b: tf.tensor2d([12], [1, 1]) };
    const baseline = tf.memory().numTensors;
    const clipped = clipGradientsByGlobalNorm(gradients, 6.5);
    expect(clipped.globalNorm).toBeCloseTo(13, 5);
    const coefficient = 6.5 / (13 + 1e-6);
    const [a0, a1] = Array.from(clipped.gradients['a']?.dataSync() ?? []);
    expect(a0).toBeCloseTo(3 * coefficient, 6); // 1.5
    expect(a1).toBeCloseTo(4 * coefficient, 6); // 2
    expect(clipped.gradients['b']?.dataSync()[0]).toBeCloseTo(6, 5);
    expect(clipped.gradients['b']?.shape).toEqual([1, 1]);
    // The inputs are untouched; the result is two new tensors and nothing else.
    expect(Array.from(gradients.a.dataSync())).toEqual([3, 4]);
    expect(tf.memory().numTensors).toBe(baseline + 2);

    const loose = clipGradientsByGlobalNorm(gradients, 20);
    expect(loose.globalNorm).toBeCloseTo(13, 5);
    expect(Array.from(loose.gradients['a']?.dataSync() ?? [])).toEqual([3, 4]);
    for (const tensor of [...Object.values(clipped.gradients), ...Object.values(loose.gradients)])
      tensor.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    for (const tensor of Object.values(gradients)) tensor.dispose();
  });

  it('handles no gradients and rejects a bad maxNorm', () => {
    expect(clipGradientsByGlobalNorm({}, 1)).toEqual({ gradients: {}, globalNorm: 0 });
    expect(() => clipGradientsByGlobalNorm({}, 0)).toThrow(/maxNorm must be a finite number > 0/);
  });
});
