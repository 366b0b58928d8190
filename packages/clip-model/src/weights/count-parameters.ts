import type * as tf from '@tensorflow/tfjs';

/** Number of scalar weights of a model (every trainable variable, `logit_scale` included). */
export function countParameters(model: { trainableVariables(): tf.Variable[] }): number {
  return model.trainableVariables().reduce((total, variable) => total + variable.size, 0);
}
