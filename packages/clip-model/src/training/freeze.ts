import type * as tf from '@tensorflow/tfjs';

/** Which towers stay fixed during training. */
export type FreezeMode = 'none' | 'image' | 'text' | 'both';

/**
 * Recognises image-tower variables by name: OpenAI's `visual.` prefix and Hugging Face's
 * `vision_model.` / `visual_projection`, also after a scope such as `clip_3/`.
 */
export function isOpenAiImageVariable(name: string): boolean {
  return /(^|[/:.])(visual\.|vision_model\.|visual_projection)/.test(name);
}

export interface TrainableSelection {
  /** The variables the optimiser updates. */
  readonly trainable: tf.Variable[];
  readonly frozen: tf.Variable[];
}

/**
 * Splits the model's variables by `freeze`. `logitScale` belongs to neither tower: it trains unless
 * both towers are frozen, in which case nothing trains.
 */
export function selectTrainableVariables(
  variables: readonly tf.Variable[],
  logitScale: tf.Variable,
  freeze: FreezeMode,
  isImageVariable: (name: string) => boolean = isOpenAiImageVariable,
): TrainableSelection {
  const trainable: tf.Variable[] = [];
  const frozen: tf.Variable[] = [];
  for (const variable of variables) {
    const isLogitScale = variable === logitScale || variable.name === logitScale.name;
    let keep: boolean;
    if (freeze === 'none') keep = true;
    else if (freeze === 'both') keep = false;
    else if (isLogitScale) keep = true;
    else keep = isImageVariable(variable.name) ? freeze !== 'image' : freeze !== 'text';
    (keep ? trainable : frozen).push(variable);
  }
  return { trainable, frozen };
}
