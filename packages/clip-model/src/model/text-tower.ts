import * as tf from '@tensorflow/tfjs';
import type { ClipConfig } from './clip-config.js';
import { layerNorm } from './layer-norm.js';
import { type ParameterLookup, residualBlockWeights } from './parameter-lookup.js';
import { plainMatMul } from './plain-mat-mul.js';
import { residualAttentionBlock } from './residual-attention-block.js';
import { tokenEmbedding } from './token-embedding.js';

/**
 * A finite stand-in for −∞ in the additive causal mask: exp underflows to exactly 0 as with −∞,
 * without risking ∞ − ∞ = NaN in a backend's softmax.
 */
const MASKED = -1e9;

/** Additive causal mask [tokens, tokens]: 0 on and below the diagonal, {@link MASKED} above. */
export function causalMask(tokens: number): tf.Tensor2D {
  const values = new Float32Array(tokens * tokens);
  for (let row = 0; row < tokens; row++) {
    for (let column = row + 1; column < tokens; column++) values[row * tokens + column] = MASKED;
  }
  return tf.tensor2d(values, [tokens, tokens]);
}

/**
 * OpenAI CLIP's `encode_text` on token ids [B, L] (int32, L ≤ contextLength): token + positional
 * embedding, causally masked blocks, `ln_final`, the hidden state at the end-of-text token (the
 * highest id of each row, first occurrence as `argmax`) `@ text_projection` (methods.md).
 */
export function textTower(ids: tf.Tensor2D, parameter: ParameterLookup, config: ClipConfig): tf.Tensor2D {
  return tf.tidy(() => {
    const { text } = config;
    const [batch, tokens] = ids.shape;
    const embedded = tf.reshape(
      tokenEmbedding(parameter('token_embedding.weight') as tf.Tensor2D, tf.reshape(ids, [batch * tokens])),
      [batch, tokens, text.width],
    );
    const positional = parameter('positional_embedding');
    const positions =
      tokens === text.contextLength ? positional : tf.slice(positional, [0, 0], [tokens, text.width]);
    let x = tf.add(embedded, positions) as tf.Tensor3D;
    const mask = causalMask(tokens);
    for (let layer = 0; layer < text.layers; layer++) {
      x = residualAttentionBlock(x, residualBlockWeights(parameter, `transformer.resblocks.${layer}.`), {
        heads: text.heads,
        activation: config.activation,
        mask,
      }).output;
    }
    x = layerNorm(x, parameter('ln_final.weight') as tf.Tensor1D, parameter('ln_final.bias') as tf.Tensor1D);
    // Pooling as a one-hot matMul: its gradient is a matMul, where a gather's would need
    // UnsortedSegmentSum. The one-hot is made int32 and cast: wasm's OneHot returns zeros when
    // asked for float32 directly (tfjs 4.22).
    const endOfText = tf.argMax(tf.cast(ids, 'float32'), 1);
    const selector = tf.reshape(tf.cast(tf.oneHot(endOfText, tokens), 'float32'), [batch, 1, tokens]);
    const pooled = tf.reshape(plainMatMul(selector, x), [batch, text.width]) as tf.Tensor2D;
    return plainMatMul(pooled, parameter('text_projection') as tf.Tensor2D);
  });
}
