import type { ImageEncoding } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import type { ClipConfig } from './clip-config.js';
import { layerNorm } from './layer-norm.js';
import { type ParameterLookup, residualBlockWeights } from './parameter-lookup.js';
import { plainMatMul } from './plain-mat-mul.js';
import { residualAttentionBlock } from './residual-attention-block.js';

export interface VisionTowerOptions {
  readonly patchTokens?: boolean;
  readonly attention?: boolean;
}

/**
 * Non-overlapping p×p patches of NHWC images as rows [B·G·G, p·p·3] in (row, column, channel)
 * order. Reshape + rank-4 transpose instead of a strided conv, so the patch embedding becomes one
 * matMul whose gradient needs no `Conv2DBackpropFilter` (missing on wasm).
 */
export function patchify(images: tf.Tensor4D, patchSize: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = images.shape;
    const grid = height / patchSize;
    const columns = width / patchSize;
    // [B, H, W, C] = [B·G, p, G', p·C] (pixel columns and channels are contiguous in NHWC).
    const strips = tf.reshape(images, [batch * grid, patchSize, columns, patchSize * channels]);
    const patches = tf.transpose(strips, [0, 2, 1, 3]);
    return tf.reshape(patches, [batch * grid * columns, patchSize * patchSize * channels]) as tf.Tensor2D;
  });
}

/**
 * OpenAI CLIP's `VisionTransformer.forward` on normalised NHWC images (methods.md): patch
 * embedding, class token, positional embedding, `ln_pre`, the blocks, `ln_post` on the class token,
 * `@ proj`. Patch tokens get the same `ln_post` and projection; attention weights come from the same
 * pass.
 */
export function visionTower(
  normalised: tf.Tensor4D,
  parameter: ParameterLookup,
  config: ClipConfig,
  options: VisionTowerOptions = {},
): ImageEncoding {
  return tf.tidy(() => {
    const { vision } = config;
    const batch = normalised.shape[0];
    const patches = vision.imageSize / vision.patchSize;
    const patchCount = patches * patches;
    const embedded = tf.reshape(
      plainMatMul(patchify(normalised, vision.patchSize), parameter('visual.conv1.weight')),
      [batch, patchCount, vision.width],
    );
    const classToken = tf.add(
      tf.zeros([batch, 1, vision.width]),
      tf.reshape(parameter('visual.class_embedding'), [1, 1, vision.width]),
    );
    let x = tf.add(
      tf.concat([classToken, embedded], 1),
      parameter('visual.positional_embedding'),
    ) as tf.Tensor3D;
    x = layerNorm(
      x,
      parameter('visual.ln_pre.weight') as tf.Tensor1D,
      parameter('visual.ln_pre.bias') as tf.Tensor1D,
    );

    const attention: tf.Tensor4D[] = [];
    for (let layer = 0; layer < vision.layers; layer++) {
      const result = residualAttentionBlock(
        x,
        residualBlockWeights(parameter, `visual.transformer.resblocks.${layer}.`),
        { heads: vision.heads, activation: config.activation, returnAttention: options.attention === true },
      );
      x = result.output;
      if (result.attention) attention.push(result.attention);
    }

    const gain = parameter('visual.ln_post.weight') as tf.Tensor1D;
    const bias = parameter('visual.ln_post.bias') as tf.Tensor1D;
    const projection = parameter('visual.proj') as tf.Tensor2D;
    const tokens = patchCount + 1;
    let embeddings: tf.Tensor2D;
    let patchTokens: tf.Tensor3D | undefined;
    if (options.patchTokens) {
      // ln_post is per token, so one pass over all tokens gives the class and the patch outputs.
      const all = tf.reshape(layerNorm(x, gain, bias), [batch * tokens, vision.width]) as tf.Tensor2D;
      const projected = tf.reshape(plainMatMul(all, projection), [batch, tokens, config.embedDim]);
      embeddings = tf.reshape(tf.slice(projected, [0, 0, 0], [batch, 1, config.embedDim]), [
        batch,
        config.embedDim,
      ]) as tf.Tensor2D;
      patchTokens = tf.slice(projected, [0, 1, 0], [batch, patchCount, config.embedDim]) as tf.Tensor3D;
    } else {
      const classOutput = tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, vision.width]), [
        batch,
        vision.width,
      ]) as tf.Tensor2D;
      embeddings = plainMatMul(layerNorm(classOutput, gain, bias), projection);
    }
    const encoding: { embeddings: tf.Tensor2D; patchTokens?: tf.Tensor3D; attention?: tf.Tensor4D[] } = {
      embeddings,
    };
    if (patchTokens) encoding.patchTokens = patchTokens;
    if (options.attention) encoding.attention = attention;
    return encoding;
  });
}
