import type * as tf from '@tensorflow/tfjs';
import { AdamCore, type AdamOptions } from './adam-core.js';
import type { ParameterGroup } from './parameter-groups.js';

/**
 * AdamW (Loshchilov & Hutter 2019, Algorithm 2) exactly as `torch.optim.AdamW`: decoupled weight decay
 * θ ← θ·(1 − lr·λ), then the Adam step with bias-corrected moments and ε added to √v̂. tfjs has none.
 * Give parameter groups (see `splitWeightDecayGroups`) to exempt biases, norms and `logit_scale`; given
 * plain variables, every one decays by `options.weightDecay` (default 0.01, PyTorch's).
 * State tensors: `m/<name>`, `v/<name>` and `step/<name>` (an int32 scalar).
 */
export class AdamW extends AdamCore {
  constructor(parameters: readonly ParameterGroup[] | readonly tf.Variable[], options: AdamOptions = {}) {
    super('AdamW', true, parameters, options, 0.01);
  }
}
