import { initBackend } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipContrastiveLoss } from './contrastive-loss.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

function logSumExp(values: number[]): number {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, v) => sum + Math.exp(v - top), 0));
}

async function lossOf(image: number[][], text: number[][], logitScale: number): Promise<number> {
  const value = tf.tidy(() =>
    clipContrastiveLoss(tf.tensor2d(image), tf.tensor2d(text), tf.scalar(logitScale)),
  );
  const [result] = await value.data();
  value.dispose();
  return result!;
}

describe('clipContrastiveLoss', () => {
  it('matches the 2×2 case by hand: identity embeddings at temperature 1', async () => {
    // logits = I: each row's cross-entropy is log(e + 1) − 1, the same in both directions.
    expect(
      await lossOf(
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
        0,
      ),
    ).toBeCloseTo(Math.log(Math.E + 1) - 1, 5);
  });

  it('matches an asymmetric 2×2 case by hand, normalising and scaling', async () => {
    // img → [[0.6, 0.8], [1, 0]], txt → [[1, 0], [0, 1]], exp(ln 2) = 2 → logits [[1.2, 1.6], [2, 0]].
    const imageToText = (logSumExp([1.2, 1.6]) - 1.2 + logSumExp([2, 0]) - 0) / 2;
    const textToImage = (logSumExp([1.2, 2]) - 1.2 + logSumExp([1.6, 0]) - 0) / 2;
    expect(
      await lossOf(
        [
          [3, 4],
          [1, 0],
        ],
        [
          [1, 0],
          [0, 2],
        ],
        Math.log(2),
      ),
    ).toBeCloseTo((imageToText + textToImage) / 2, 5);
  });

  it('matches a 3×3 case by hand', async () => {
    // Unit vectors already; cosines: img0·txt = [1, 0, 0.6], img1·txt = [0, 1, 0.8], img2·txt = [0.6, 0.8, 1].
    const image = [
      [1, 0],
      [0, 1],
      [0.6, 0.8],
    ];
    const text = [
      [1, 0],
      [0, 1],
      [0.6, 0.8],
    ];
    const scale = 10;
    const logits = [
      [1, 0, 0.6],
      [0, 1, 0.8],
      [0.6, 0.8, 1],
    ].map((row) => row.map((v) => v * scale));
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const row = logits[i]!;
      const column = logits.map((r) => r[i]!);
      expected += (logSumExp(row) - row[i]! + logSumExp(column) - row[i]!) / 6;
    }
    expect(await lossOf(image, text, Math.log(scale))).toBeCloseTo(expected, 5);
  });

  it('rejects mismatched batches', () => {
    expect(() => clipContrastiveLoss(tf.zeros([2, 3]), tf.zeros([3, 3]), tf.scalar(0))).toThrow(/same shape/);
  });

  it('leaks no tensor and gives gradients to both sides', () => {
    const image = tf.variable(
      tf.tensor2d([
        [1, 0.2],
        [0.1, 1],
      ]),
      true,
      'loss-test-image',
    );
    const text = tf.variable(
      tf.tensor2d([
        [1, -0.3],
        [0.4, 1],
      ]),
      true,
      'loss-test-text',
    );
    const scale = tf.variable(tf.scalar(1), true, 'loss-test-scale');
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => clipContrastiveLoss(image, text, scale),
      [image, text, scale],
    );
    expect(Object.keys(grads).sort()).toEqual(['loss-test-image', 'loss-test-scale', 'loss-test-text']);
    // Matching pairs are already the most similar, so a larger scale lowers the loss.
    expect(grads['loss-test-scale']!.dataSync()[0]).toBeLessThan(0);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([image, text, scale]);
  });
});
