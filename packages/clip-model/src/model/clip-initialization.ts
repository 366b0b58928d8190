import type { SeededRandom } from '@mmpoison/core-tensor';
import type { ClipConfig } from './clip-config.js';
import type { ClipParameterSpec } from './clip-parameters.js';

/** ln(1/0.07): CLIP's initial logit scale (Radford et al. 2021, §2.5; methods.md). */
export const INITIAL_LOGIT_SCALE = Math.log(1 / 0.07);

/**
 * The initial value of one parameter, in state-dict layout, drawn from its own named stream
 * `random.derive(spec.name)` so adding a parameter never shifts another's numbers.
 *
 * Follows OpenAI CLIP's `initialize_parameters` and module constructors: token embedding N(0, 0.02),
 * text positional N(0, 0.01), class/positional embedding and `visual.proj` N(0, width^-0.5),
 * `text_projection` N(0, width^-0.5); in every residual block in_proj N(0, width^-0.5), out_proj and
 * c_proj N(0, width^-0.5·(2·layers)^-0.5), c_fc N(0, (2·width)^-0.5). OpenAI applies the block
 * scheme to the text tower only and leaves the vision blocks at PyTorch's defaults; we use the same
 * scheme for both towers (as open_clip's ViT does) so the init is one rule. The patch conv keeps
 * PyTorch's default U(±fan_in^-0.5); biases start at 0, LayerNorm gains at 1.
 */
export function initialParameterValues(
  spec: ClipParameterSpec,
  config: ClipConfig,
  random: SeededRandom,
): Float32Array {
  const size = spec.shape.reduce((product, dimension) => product * dimension, 1);
  const name = spec.name;
  if (name === 'logit_scale') return Float32Array.of(INITIAL_LOGIT_SCALE);
  const stream = random.derive(name);
  const tower = spec.tower === 'image' ? config.vision : config.text;
  const width = tower.width;
  const projectionStd = width ** -0.5 * (2 * tower.layers) ** -0.5;

  if (name.endsWith('.bias') || name.endsWith('_bias')) return new Float32Array(size);
  if (/ln_\w+\.weight$/.test(name)) return new Float32Array(size).fill(1);
  if (name === 'visual.conv1.weight') {
    const bound = (3 * config.vision.patchSize * config.vision.patchSize) ** -0.5;
    return stream.uniformArray(size, -bound, bound);
  }
  let std: number;
  if (name === 'token_embedding.weight') std = 0.02;
  else if (name === 'positional_embedding') std = 0.01;
  else if (name.endsWith('attn.in_proj_weight')) std = width ** -0.5;
  else if (name.endsWith('attn.out_proj.weight') || name.endsWith('mlp.c_proj.weight')) std = projectionStd;
  else if (name.endsWith('mlp.c_fc.weight')) std = (2 * width) ** -0.5;
  else if (name.startsWith('visual.') || name === 'text_projection') std = width ** -0.5;
  else throw new Error(`No initialisation rule for CLIP parameter ${name}`);
  return stream.normalArray(size, 0, std);
}
