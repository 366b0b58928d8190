import type * as tf from '@tensorflow/tfjs';
import { AdamCore, type AdamOptions } from './adam-core.js';
import type { ParameterGroup } from './parameter-groups.js';

/**
 * Adam (Kingma & Ba 2015) exactly as `torch.optim.Adam`. No weight decay by default; a decay given
 * (through groups or `options.weightDecay`) is PyTorch's L2 term g ← g + λ·θ, not AdamW's decoupled
 * decay. State tensors as {@link AdamW}'s.
 */
export class Adam extends AdamCore {
  constructor(parameters: readonly ParameterGroup[] | readonly tf.Variable[], options: AdamOptions = {}) {
    super('Adam', false, parameters, options, 0);
  }
}
