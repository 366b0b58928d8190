import * as tf from '@tensorflow/tfjs';
import { applyActivation } from './activation.js';
import type { ClipActivation } from './clip-config.js';
import { layerNorm } from './layer-norm.js';
import { plainLinear as linear, plainMatMul } from './plain-mat-mul.js';

/** One pre-LN block's parameters, in model layout (Linear weights as [in, out]). */
export interface ResidualBlockWeights {
  readonly ln1Gain: tf.Tensor1D;
  readonly ln1Bias: tf.Tensor1D;
  /** [width, 3·width]: columns q, k, v (OpenAI's stacked `in_proj_weight`, transposed). */
  readonly inProjection: tf.Tensor2D;
  readonly inProjectionBias: tf.Tensor1D;
  readonly outProjection: tf.Tensor2D;
  readonly outProjectionBias: tf.Tensor1D;
  readonly ln2Gain: tf.Tensor1D;
  readonly ln2Bias: tf.Tensor1D;
  readonly fcWeight: tf.Tensor2D;
  readonly fcBias: tf.Tensor1D;
  readonly projectionWeight: tf.Tensor2D;
  readonly projectionBias: tf.Tensor1D;
}

export interface ResidualBlockOptions {
  readonly heads: number;
  readonly activation: ClipActivation;
  /** Additive attention mask [tokens, tokens] (0 or a large negative), e.g. the causal text mask. */
  readonly mask?: tf.Tensor2D;
  /** Also return the attention weights [batch, heads, tokens, tokens]. */
  readonly returnAttention?: boolean;
}

export interface ResidualBlockResult {
  readonly output: tf.Tensor3D;
  readonly attention?: tf.Tensor4D;
}

/**
 * OpenAI CLIP's `ResidualAttentionBlock`: `x + attn(ln_1(x))`, then `x + mlp(ln_2(x))`, with
 * PyTorch `nn.MultiheadAttention` semantics (q scaled by head_dim^-0.5, softmax over keys, heads
 * concatenated before `out_proj`) and an MLP of width 4·d.
 */
export function residualAttentionBlock(
  x: tf.Tensor3D,
  weights: ResidualBlockWeights,
  options: ResidualBlockOptions,
): ResidualBlockResult {
  return tf.tidy(() => {
    const [batch, tokens, width] = x.shape;
    const heads = options.heads;
    const headWidth = width / heads;
    const rows = batch * tokens;

    const normed = tf.reshape(layerNorm(x, weights.ln1Gain, weights.ln1Bias), [rows, width]) as tf.Tensor2D;
    const qkv = linear(normed, weights.inProjection, weights.inProjectionBias);
    // [B·T, 3·W] → [B, T, 3·H, Dh] → [B, 3·H, T, Dh]: q, k, v are then contiguous head groups.
    const grouped = tf.transpose(tf.reshape(qkv, [batch, tokens, 3 * heads, headWidth]), [0, 2, 1, 3]);
    const [query, key, value] = tf.split(grouped, 3, 1) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    // Keys transposed explicitly so the score product has untransposed operands.
    const keyTransposed = tf.transpose(key, [0, 1, 3, 2]);
    let scores = plainMatMul(tf.mul(query, headWidth ** -0.5), keyTransposed) as tf.Tensor4D;
    if (options.mask) scores = tf.add(scores, options.mask);
    const attention = tf.softmax(scores) as tf.Tensor4D;
    const context = tf.transpose(plainMatMul(attention, value), [0, 2, 1, 3]);
    const attended = linear(
      tf.reshape(context, [rows, width]) as tf.Tensor2D,
      weights.outProjection,
      weights.outProjectionBias,
    );
    const afterAttention = tf.add(x, tf.reshape(attended, [batch, tokens, width])) as tf.Tensor3D;

    const normed2 = tf.reshape(layerNorm(afterAttention, weights.ln2Gain, weights.ln2Bias), [
      rows,
      width,
    ]) as tf.Tensor2D;
    const hidden = applyActivation(options.activation, linear(normed2, weights.fcWeight, weights.fcBias));
    const mlp = linear(hidden, weights.projectionWeight, weights.projectionBias);
    const output = tf.add(afterAttention, tf.reshape(mlp, [batch, tokens, width])) as tf.Tensor3D;
    return options.returnAttention ? { output, attention } : { output };
  });
}
