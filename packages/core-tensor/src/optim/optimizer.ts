import type * as tf from '@tensorflow/tfjs';

/**
 * An optimiser's resumable state, for checkpoints. Tensor names are `<slot>/<variable name>`, e.g.
 * `m/visual.proj` and `v/visual.proj` for Adam's moments. The tensors belong to the caller.
 */
export interface OptimizerState {
  /** Calls to `step` so far. */
  readonly step: number;
  readonly tensors: Readonly<Record<string, tf.Tensor>>;
}

/** Updates variables in place from their gradients. */
export interface Optimizer {
  readonly name: string;
  /**
   * Applies one update. `gradients` is keyed by `variable.name`, as `tf.variableGrads` returns it;
   * a variable with no gradient is left untouched this step, and gradients of variables this
   * optimiser does not hold are ignored. The gradients stay the caller's to dispose.
   */
  step(gradients: tf.NamedTensorMap, learningRate: number): void;
  /** A copy of the state (fresh tensors the caller must dispose). */
  getState(): OptimizerState;
  /** Restores a state from `getState` (copied; the caller keeps ownership of `state`). */
  setState(state: OptimizerState): void;
  /** Frees the optimiser's own tensors; the variables stay. */
  dispose(): void;
}
