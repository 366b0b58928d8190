import type { ClipConfig } from './clip-config.js';
import { visionTokenCount } from './clip-config.js';

/**
 * How a parameter's state-dict layout (OpenAI's, PyTorch conventions) maps to the layout the tfjs
 * model keeps, chosen so every forward matMul has untransposed operands (the wasm backend is much
 * slower on transposed products):
 * - `plain`: the same array.
 * - `linear`: a PyTorch Linear weight [out, in], kept transposed as [in, out].
 * - `patch`: the patch-embedding conv weight [width, 3, p, p], kept as the matrix [p·p·3, width]
 *   whose rows follow the (row, column, channel) order of an NHWC patch.
 */
export type ClipParameterLayout = 'plain' | 'linear' | 'patch';

export interface ClipParameterSpec {
  /** OpenAI state-dict name, also the tf.Variable's name (after the model's optional scope). */
  readonly name: string;
  /** Shape in the state-dict (OpenAI) layout. */
  readonly shape: readonly number[];
  readonly layout: ClipParameterLayout;
  readonly tower: 'image' | 'text' | 'shared';
}

function blockSpecs(prefix: string, width: number, tower: 'image' | 'text'): ClipParameterSpec[] {
  const spec = (name: string, shape: number[], layout: ClipParameterLayout = 'plain'): ClipParameterSpec => ({
    name: `${prefix}${name}`,
    shape,
    layout,
    tower,
  });
  return [
    spec('ln_1.weight', [width]),
    spec('ln_1.bias', [width]),
    spec('attn.in_proj_weight', [3 * width, width], 'linear'),
    spec('attn.in_proj_bias', [3 * width]),
    spec('attn.out_proj.weight', [width, width], 'linear'),
    spec('attn.out_proj.bias', [width]),
    spec('ln_2.weight', [width]),
    spec('ln_2.bias', [width]),
    spec('mlp.c_fc.weight', [4 * width, width], 'linear'),
    spec('mlp.c_fc.bias', [4 * width]),
    spec('mlp.c_proj.weight', [width, 4 * width], 'linear'),
    spec('mlp.c_proj.bias', [width]),
  ];
}

/** Every parameter of a CLIP model with `config`, in OpenAI's state-dict order. */
export function clipParameterSpecs(config: ClipConfig): ClipParameterSpec[] {
  const { vision, text, embedDim } = config;
  const image = (
    name: string,
    shape: number[],
    layout: ClipParameterLayout = 'plain',
  ): ClipParameterSpec => ({
    name,
    shape,
    layout,
    tower: 'image',
  });
  const textSpec = (name: string, shape: number[]): ClipParameterSpec => ({
    name,
    shape,
    layout: 'plain',
    tower: 'text',
  });
  const specs: ClipParameterSpec[] = [
    { name: 'logit_scale', shape: [], layout: 'plain', tower: 'shared' },
    image('visual.class_embedding', [vision.width]),
    image('visual.positional_embedding', [visionTokenCount(vision), vision.width]),
    image('visual.proj', [vision.width, embedDim]),
    image('visual.conv1.weight', [vision.width, 3, vision.patchSize, vision.patchSize], 'patch'),
    image('visual.ln_pre.weight', [vision.width]),
    image('visual.ln_pre.bias', [vision.width]),
  ];
  for (let layer = 0; layer < vision.layers; layer++) {
    specs.push(...blockSpecs(`visual.transformer.resblocks.${layer}.`, vision.width, 'image'));
  }
  specs.push(image('visual.ln_post.weight', [vision.width]), image('visual.ln_post.bias', [vision.width]));
  specs.push(
    textSpec('positional_embedding', [text.contextLength, text.width]),
    textSpec('text_projection', [text.width, embedDim]),
  );
  for (let layer = 0; layer < text.layers; layer++) {
    specs.push(...blockSpecs(`transformer.resblocks.${layer}.`, text.width, 'text'));
  }
  specs.push(
    textSpec('token_embedding.weight', [text.vocabSize, text.width]),
    textSpec('ln_final.weight', [text.width]),
    textSpec('ln_final.bias', [text.width]),
  );
  return specs;
}

/** Shape of the tf.Variable the model keeps for `spec`. */
export function modelLayoutShape(spec: ClipParameterSpec): number[] {
  const shape = spec.shape;
  if (spec.layout === 'linear') return [shape[1]!, shape[0]!];
  if (spec.layout === 'patch') {
    const [width, channels, patch] = shape as [number, number, number, number];
    return [patch * patch * channels, width];
  }
  return [...shape];
}

/** State-dict layout → model layout (a copy; exact, values are only moved). */
export function toModelLayout(spec: ClipParameterSpec, values: Float32Array): Float32Array {
  if (spec.layout === 'linear') return transposeMatrix(values, spec.shape[0]!, spec.shape[1]!);
  if (spec.layout === 'patch') {
    const [width, channels, patch] = spec.shape as [number, number, number, number];
    const out = new Float32Array(values.length);
    // in[o][c][r][k] → out[(r·p + k)·C + c][o]
    for (let o = 0; o < width; o++) {
      for (let c = 0; c < channels; c++) {
        for (let r = 0; r < patch; r++) {
          for (let k = 0; k < patch; k++) {
            const source = ((o * channels + c) * patch + r) * patch + k;
            out[((r * patch + k) * channels + c) * width + o] = values[source]!;
          }
        }
      }
    }
    return out;
  }
  return values.slice();
}

/** Model layout → state-dict layout (a copy; exact). */
export function toStateDictLayout(spec: ClipParameterSpec, values: Float32Array): Float32Array {
  if (spec.layout === 'linear') return transposeMatrix(values, spec.shape[1]!, spec.shape[0]!);
  if (spec.layout === 'patch') {
    const [width, channels, patch] = spec.shape as [number, number, number, number];
    const out = new Float32Array(values.length);
    for (let o = 0; o < width; o++) {
      for (let c = 0; c < channels; c++) {
        for (let r = 0; r < patch; r++) {
          for (let k = 0; k < patch; k++) {
            out[((o * channels + c) * patch + r) * patch + k] =
              values[((r * patch + k) * channels + c) * width + o]!;
          }
        }
      }
    }
    return out;
  }
  return values.slice();
}

/** `values` as a rows×columns row-major matrix, transposed. */
export function transposeMatrix(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      out[column * rows + row] = values[row * columns + column]!;
    }
  }
  return out;
}
