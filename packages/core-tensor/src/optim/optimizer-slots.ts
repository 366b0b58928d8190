import * as tf from '@tensorflow/tfjs';
import type { ParameterEntry } from './parameter-groups.js';

/**
 * Per-variable buffers of an optimiser (Adam's `m` and `v`, SGD's momentum), zero-initialised, keyed
 * by slot and variable name, saved as `<slot>/<variable name>`.
 */
export class OptimizerSlots {
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(
    private readonly owner: string,
    readonly slotNames: readonly string[],
    entries: readonly ParameterEntry[],
  ) {
    for (const slot of slotNames) {
      for (const { variable } of entries) {
        // Unnamed, so two optimisers over the same variables do not clash in tfjs's variable registry;
        // made in tidy so the zeros it starts from are freed (tidy keeps variables).
        this.buffers.set(
          `${slot}/${variable.name}`,
          tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        );
      }
    }
  }

  /** The buffer of one slot for one variable. */
  get(slot: string, variableName: string): tf.Variable {
    const buffer = this.buffers.get(`${slot}/${variableName}`);
    if (buffer === undefined) {
      throw new Error(`${this.owner}: no '${slot}' buffer for variable '${variableName}'`);
    }
    return buffer;
  }

  /** Copies of every buffer, keyed `<slot>/<variable name>`. */
  toTensors(): Record<string, tf.Tensor> {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [key, buffer] of this.buffers) {
      tensors[key] = buffer.clone();
    }
    return tensors;
  }

  /**
   * Copies saved buffers back in. Every buffer must be present with its shape; keys that are neither a
   * buffer nor in `otherKeys` are an error, since they mean the state belongs to other variables.
   */
  restore(tensors: Readonly<Record<string, tf.Tensor>>, otherKeys: ReadonlySet<string>): void {
    for (const key of Object.keys(tensors)) {
      if (!this.buffers.has(key) && !otherKeys.has(key)) {
        throw new Error(
          `${this.owner}.setState: unexpected tensor '${key}' (no such variable in this optimiser)`,
        );
      }
    }
    for (const [key, buffer] of this.buffers) {
      const saved = tensors[key];
      if (saved === undefined) {
        throw new Error(`${this.owner}.setState: missing tensor '${key}'`);
      }
      if (!tf.util.arraysEqual(saved.shape, buffer.shape)) {
        throw new Error(
          `${this.owner}.setState: tensor '${key}' has shape [${saved.shape}], expected [${buffer.shape}]`,
        );
      }
    }
    tf.tidy(() => {
      for (const [key, buffer] of this.buffers) {
        buffer.assign((tensors[key] as tf.Tensor).toFloat());
      }
    });
  }

  dispose(): void {
    for (const buffer of this.buffers.values()) {
      buffer.dispose();
    }
    this.buffers.clear();
  }
}
