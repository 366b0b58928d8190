import * as tf from '@tensorflow/tfjs';
import { checkLearningRate, gradientFor } from './adam-core.js';
import type { Optimizer, OptimizerState } from './optimizer.js';
import { OptimizerSlots } from './optimizer-slots.js';
import { type ParameterEntry, type ParameterGroup, toParameterEntries } from './parameter-groups.js';

export interface SgdMomentumOptions {
  /** Momentum μ; default 0.9. 0 gives plain SGD. */
  readonly momentum?: number;
  /** Nesterov momentum (Sutskever et al. 2013, as PyTorch formulates it); default false. */
  readonly nesterov?: boolean;
  /** L2 decay for every variable when plain variables (not groups) are given; default 0. */
  readonly weightDecay?: number;
}

/**
 * SGD with momentum exactly as `torch.optim.SGD` (dampening 0): g ← g + λ·θ; b ← μ·b + g (b starts
 * at 0, which equals PyTorch's b₁ = g₁); θ ← θ − lr·(g + μ·b) with Nesterov, θ − lr·b without.
 * State tensors: `momentum/<name>`.
 */
export class SgdMomentum implements Optimizer {
  readonly name = 'SgdMomentum';
  private readonly entries: readonly ParameterEntry[];
  private readonly slots: OptimizerSlots;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private steps = 0;
  private disposed = false;

  constructor(
    parameters: readonly ParameterGroup[] | readonly tf.Variable[],
    options: SgdMomentumOptions = {},
  ) {
    this.momentum = options.momentum ?? 0.9;
    this.nesterov = options.nesterov ?? false;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new Error(`SgdMomentum: momentum must be in [0, 1), got ${this.momentum}`);
    }
    if (this.nesterov && this.momentum === 0) {
      throw new Error('SgdMomentum: Nesterov momentum needs momentum > 0');
    }
    this.entries = toParameterEntries(parameters, options.weightDecay ?? 0, this.name);
    this.slots = new OptimizerSlots(this.name, this.momentum > 0 ? ['momentum'] : [], this.entries);
  }

  step(gradients: tf.NamedTensorMap, learningRate: number): void {
    this.checkAlive();
    checkLearningRate(learningRate, this.name);
    const updates = this.entries.flatMap((entry) => {
      const gradient = gradientFor(gradients, entry.variable, this.name);
      return gradient === undefined ? [] : [{ ...entry, gradient }];
    });
    this.steps += 1;
    tf.tidy(() => {
      for (const { variable, weightDecay, gradient } of updates) {
        let direction: tf.Tensor = weightDecay > 0 ? gradient.add(variable.mul(weightDecay)) : gradient;
        if (this.momentum > 0) {
          const buffer = this.slots.get('momentum', variable.name);
          buffer.assign(buffer.mul(this.momentum).add(direction));
          direction = this.nesterov ? direction.add(buffer.mul(this.momentum)) : buffer;
        }
        variable.assign(variable.sub(direction.mul(learningRate)));
      }
    });
  }

  getState(): OptimizerState {
    this.checkAlive();
    return { step: this.steps, tensors: this.slots.toTensors() };
  }

  setState(state: OptimizerState): void {
    this.checkAlive();
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new Error(`SgdMomentum.setState: step must be an integer ≥ 0, got ${state.step}`);
    }
    this.slots.restore(state.tensors, new Set());
    this.steps = state.step;
  }

  dispose(): void {
    if (!this.disposed) {
      this.slots.dispose();
      this.disposed = true;
    }
  }

  private checkAlive(): void {
    if (this.disposed) {
      throw new Error('SgdMomentum: used after dispose()');
    }
  }
}
