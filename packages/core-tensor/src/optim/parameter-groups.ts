import * as tf from '@tensorflow/tfjs';

/** Variables sharing one weight-decay coefficient. */
export interface ParameterGroup {
  readonly variables: readonly tf.Variable[];
  readonly weightDecay: number;
}

/**
 * Names that mark a parameter exempt from weight decay, matched case-insensitively anywhere in the
 * variable name: biases, normalisation layers (`norm`, `layernorm`, `layer_norm`, `pre_layrnorm`,
 * OpenAI's `ln_1`, `ln_pre`, `ln_final`), `logit_scale`, and the class-token embedding
 * (`class_embedding`, `cls_token`).
 */
export const noWeightDecayNamePattern = /bias|norm|ln_|logit_scale|class_embedding|cls_token/i;

/**
 * Whether a parameter is exempt from weight decay: every tensor of rank ≤ 1 (biases, norm gains,
 * scalars such as `logit_scale`, the class embedding) and every name matching
 * {@link noWeightDecayNamePattern}, as in CLIP fine-tuning (methods.md: "none on 1-D parameters,
 * biases, norms, logit_scale").
 */
export function isExemptFromWeightDecay(variable: tf.Variable): boolean {
  return variable.rank <= 1 || noWeightDecayNamePattern.test(variable.name);
}

/**
 * Splits variables into two groups, in this order: those decayed with `weightDecay`, and those exempt
 * (weight decay 0) by {@link isExemptFromWeightDecay}. Either group may be empty.
 */
export function splitWeightDecayGroups(
  variables: readonly tf.Variable[],
  weightDecay: number,
): ParameterGroup[] {
  checkWeightDecay(weightDecay, 'splitWeightDecayGroups');
  const decayed = variables.filter((variable) => !isExemptFromWeightDecay(variable));
  const exempt = variables.filter((variable) => isExemptFromWeightDecay(variable));
  return [
    { variables: decayed, weightDecay },
    { variables: exempt, weightDecay: 0 },
  ];
}

function checkWeightDecay(weightDecay: number, owner: string): void {
  if (!Number.isFinite(weightDecay) || weightDecay < 0) {
    throw new Error(`${owner}: weight decay must be a finite number ≥ 0, got ${weightDecay}`);
  }
}

/** One variable and its decay, flattened out of the groups. */
export interface ParameterEntry {
  readonly variable: tf.Variable;
  readonly weightDecay: number;
}

/**
 * Flattens groups (or plain variables, all given `weightDecay`) into entries, checking the decays and
 * that no variable appears twice.
 */
export function toParameterEntries(
  parameters: readonly ParameterGroup[] | readonly tf.Variable[],
  weightDecay: number,
  owner: string,
): ParameterEntry[] {
  const groups: readonly ParameterGroup[] = parameters.every((item) => item instanceof tf.Variable)
    ? [{ variables: parameters as readonly tf.Variable[], weightDecay }]
    : (parameters as readonly ParameterGroup[]);
  const entries: ParameterEntry[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    checkWeightDecay(group.weightDecay, owner);
    for (const variable of group.variables) {
      if (seen.has(variable.name)) {
        throw new Error(`${owner}: variable '${variable.name}' appears more than once in the parameters`);
      }
      if (variable.dtype !== 'float32') {
        throw new Error(`${owner}: variable '${variable.name}' is ${variable.dtype}, expected float32`);
      }
      seen.add(variable.name);
      entries.push({ variable, weightDecay: group.weightDecay });
    }
  }
  return entries;
}
