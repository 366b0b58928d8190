import * as tf from '@tensorflow/tfjs';

/**
 * Rows `ids` of the embedding table `weight` [vocab, width] → [ids.length, width].
 *
 * The gradient of `tf.gather` is `UnsortedSegmentSum`, which the wasm backend lacks, and a one-hot
 * matMul costs ids·vocab·width multiply-adds and an ids×vocab matrix (128·77 × 49408 floats ≈ 1.9 GB
 * for a CLIP batch). Instead the backward pass scatters dY into the table with `scatterND`, which
 * sums rows of repeated ids and has kernels on every backend: O(ids·width) work plus the dense
 * [vocab, width] gradient any optimiser needs anyway.
 */
export function tokenEmbedding(weight: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const lookup = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [table, indices, save] = inputs as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([indices]);
    const value = tf.gather(table, indices) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const savedIndices = saved[0]!;
      const [vocab, width] = table.shape as [number, number];
      const tableGradient = tf.scatterND(
        tf.reshape(savedIndices, [savedIndices.size, 1]),
        tf.reshape(dy, [savedIndices.size, width]),
        [vocab, width],
      );
      return [tableGradient, tf.zerosLike(savedIndices)];
    };
    return { value, gradFunc };
  });
  return lookup(weight, ids) as tf.Tensor2D;
}
