import type * as tf from '@tensorflow/tfjs';
import type { ResidualBlockWeights } from './residual-attention-block.js';

/** A model parameter by its OpenAI state-dict name, in model layout. */
export type ParameterLookup = (name: string) => tf.Tensor;

export function residualBlockWeights(parameter: ParameterLookup, prefix: string): ResidualBlockWeights {
  return {
    ln1Gain: parameter(`${prefix}ln_1.weight`) as tf.Tensor1D,
    ln1Bias: parameter(`${prefix}ln_1.bias`) as tf.Tensor1D,
    inProjection: parameter(`${prefix}attn.in_proj_weight`) as tf.Tensor2D,
    inProjectionBias: parameter(`${prefix}attn.in_proj_bias`) as tf.Tensor1D,
    outProjection: parameter(`${prefix}attn.out_proj.weight`) as tf.Tensor2D,
    outProjectionBias: parameter(`${prefix}attn.out_proj.bias`) as tf.Tensor1D,
    ln2Gain: parameter(`${prefix}ln_2.weight`) as tf.Tensor1D,
    ln2Bias: parameter(`${prefix}ln_2.bias`) as tf.Tensor1D,
    fcWeight: parameter(`${prefix}mlp.c_fc.weight`) as tf.Tensor2D,
    fcBias: parameter(`${prefix}mlp.c_fc.bias`) as tf.Tensor1D,
    projectionWeight: parameter(`${prefix}mlp.c_proj.weight`) as tf.Tensor2D,
    projectionBias: parameter(`${prefix}mlp.c_proj.bias`) as tf.Tensor1D,
  };
}
