import * as tf from '@tensorflow/tfjs';
import type { Optimizer, OptimizerState } from './optimizer.js';
import { OptimizerSlots } from './optimizer-slots.js';
import { type ParameterEntry, type ParameterGroup, toParameterEntries } from './parameter-groups.js';

export interface AdamOptions {
  /** Decay of the first moment; default 0.9. */
  readonly beta1?: number;
  /** Decay of the second moment; default 0.999. */
  readonly beta2?: number;
  /** Added to the bias-corrected √v̂; default 1e-8. */
  readonly epsilon?: number;
  /** Decay for every variable when plain variables (not groups) are given. */
  readonly weightDecay?: number;
}

/** Checks a learning rate handed to `step`. */
export function checkLearningRate(learningRate: number, owner: string): void {
  if (!Number.isFinite(learningRate) || learningRate < 0) {
    throw new Error(`${owner}.step: learning rate must be a finite number ≥ 0, got ${learningRate}`);
  }
}

/** The gradient of one variable from the map, checked against its shape; undefined when absent. */
export function gradientFor(
  gradients: tf.NamedTensorMap,
  variable: tf.Variable,
  owner: string,
): tf.Tensor | undefined {
  const gradient = gradients[variable.name];
  if (gradient !== undefined && !tf.util.arraysEqual(gradient.shape, variable.shape)) {
    throw new Error(
      `${owner}.step: gradient of '${variable.name}' has shape [${gradient.shape}], expected [${variable.shape}]`,
    );
  }
  return gradient;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) as PyTorch computes it, shared by {@link AdamW} (decoupled decay,
 * Loshchilov & Hutter 2019, Algorithm 2) and {@link Adam} (decay as an L2 term in the gradient).
 * Bias correction counts the steps of each variable separately, as PyTorch does, so a variable that
 * missed some steps (no gradient) is corrected for the steps it took.
 */
export class AdamCore implements Optimizer {
  private readonly entries: readonly ParameterEntry[];
  private readonly slots: OptimizerSlots;
  private readonly variableSteps = new Map<string, number>();
  private steps = 0;
  private disposed = false;
  protected readonly beta1: number;
  protected readonly beta2: number;
  protected readonly epsilon: number;

  constructor(
    readonly name: string,
    private readonly decoupledWeightDecay: boolean,
    parameters: readonly ParameterGroup[] | readonly tf.Variable[],
    options: AdamOptions,
    defaultWeightDecay: number,
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const [label, beta] of [
      ['beta1', this.beta1],
      ['beta2', this.beta2],
    ] as const) {
      if (!(beta >= 0 && beta < 1)) {
        throw new Error(`${name}: ${label} must be in [0, 1), got ${beta}`);
      }
    }
    if (!(this.epsilon >= 0 && Number.isFinite(this.epsilon))) {
      throw new Error(`${name}: epsilon must be a finite number ≥ 0, got ${this.epsilon}`);
    }
    this.entries = toParameterEntries(parameters, options.weightDecay ?? defaultWeightDecay, name);
    this.slots = new OptimizerSlots(name, ['m', 'v'], this.entries);
    for (const { variable } of this.entries) {
      this.variableSteps.set(variable.name, 0);
    }
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
        const step = (this.variableSteps.get(variable.name) ?? 0) + 1;
        this.variableSteps.set(variable.name, step);
        const m = this.slots.get('m', variable.name);
        const v = this.slots.get('v', variable.name);
        let parameter: tf.Tensor = variable;
        let g: tf.Tensor = gradient;
        if (weightDecay > 0) {
          if (this.decoupledWeightDecay) {
            // AdamW: θ ← θ·(1 − lr·λ), applied before the Adam step as torch.optim.AdamW does.
            parameter = parameter.mul(1 - learningRate * weightDecay);
          } else {
            // Adam with L2: g ← g + λ·θ (torch.optim.Adam's weight_decay).
            g = g.add(parameter.mul(weightDecay));
          }
        }
        // m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g².
        m.assign(m.mul(this.beta1).add(g.mul(1 - this.beta1)));
        v.assign(v.mul(this.beta2).add(g.square().mul(1 - this.beta2)));
        // θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε): ε is added to √v̂, as in PyTorch.
        const stepSize = learningRate / (1 - this.beta1 ** step);
        const secondCorrection = Math.sqrt(1 - this.beta2 ** step);
        const denominator = v.sqrt().div(secondCorrection).add(this.epsilon);
        variable.assign(parameter.sub(m.div(denominator).mul(stepSize)));
      }
    });
  }

  getState(): OptimizerState {
    this.checkAlive();
    const tensors = this.slots.toTensors();
    for (const [name, step] of this.variableSteps) {
      tensors[`step/${name}`] = tf.scalar(step, 'int32');
    }
    return { step: this.steps, tensors };
  }

  setState(state: OptimizerState): void {
    this.checkAlive();
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new Error(`${this.name}.setState: step must be an integer ≥ 0, got ${state.step}`);
    }
    const stepKeys = new Set([...this.variableSteps.keys()].map((name) => `step/${name}`));
    this.slots.restore(state.tensors, stepKeys);
    for (const name of this.variableSteps.keys()) {
      const saved = state.tensors[`step/${name}`];
      // States without per-variable counts (every variable stepped every time) fall back to `step`.
      const step = saved === undefined ? state.step : (saved.dataSync()[0] ?? state.step);
      this.variableSteps.set(name, step);
    }
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
      throw new Error(`${this.name}: used after dispose()`);
    }
  }
}
