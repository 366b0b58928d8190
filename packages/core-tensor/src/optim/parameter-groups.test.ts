import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { isExemptFromWeightDecay, splitWeightDecayGroups } from './parameter-groups.js';

describe('splitWeightDecayGroups', () => {
  const made: tf.Variable[] = [];
  const make = (name: string, shape: number[]) => {
    const variable = tf.tidy(() => tf.variable(tf.zeros(shape), true, name));
    made.push(variable);
    return variable;
  };

  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  afterAll(() => {
    for (const variable of made) variable.dispose();
  });

  it('exempts rank ≤ 1 tensors and bias / norm / ln_ / logit_scale / class-token names', () => {
    const decayed = [
      make('visual.conv1.weight', [4, 4, 3, 8]),
      make('visual.transformer.resblocks.0.attn.in_proj_weight', [24, 8]),
      make('token_embedding.weight', [10, 8]),
      make('positional_embedding', [5, 8]),
    ];
    const exempt = [
      make('visual.transformer.resblocks.0.attn.in_proj_bias', [24]),
      make('visual.ln_pre.weight', [8]),
      make('text/ln_final/gamma_as_matrix', [1, 8]),
      make('vision_model.pre_layrnorm.weight2d', [1, 8]),
      make('encoder.LayerNorm.beta2d', [1, 8]),
      make('dense/bias2d', [1, 8]),
      make('logit_scale', []),
      make('visual.class_embedding', [8]),
      make('vit/cls_token', [1, 1, 8]),
    ];
    const groups = splitWeightDecayGroups([...exempt, ...decayed], 0.2);
    expect(groups).toHaveLength(2);
    expect(groups[0]?.weightDecay).toBe(0.2);
    expect(groups[0]?.variables.map((variable) => variable.name)).toEqual(
      decayed.map((variable) => variable.name),
    );
    expect(groups[1]?.weightDecay).toBe(0);
    expect(groups[1]?.variables.map((variable) => variable.name)).toEqual(
      exempt.map((variable) => variable.name),
    );
    expect(isExemptFromWeightDecay(decayed[0] as tf.Variable)).toBe(false);
    expect(() => splitWeightDecayGroups(decayed, -0.1)).toThrow(/weight decay must be a finite number ≥ 0/);
  });
});
