import type {
  ContrastiveModel,
  ImageEncoding,
  ImageEncodingOptions,
  SeededRandom,
} from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { CLIP_IMAGE_MEAN, CLIP_IMAGE_STD, type PixelNormalization } from '../preprocess/index.js';
import type { TextTokenizer } from '../tokenizer/index.js';
import { type ClipConfig, type ClipConfigName, resolveClipConfig } from './clip-config.js';
import { initialParameterValues } from './clip-initialization.js';
import {
  type ClipParameterSpec,
  clipParameterSpecs,
  modelLayoutShape,
  toModelLayout,
} from './clip-parameters.js';
import { textTower } from './text-tower.js';
import { visionTower } from './vision-tower.js';

export interface ClipModelOptions {
  readonly tokenizer: TextTokenizer;
  /** Draws the initial weights; required unless `weights` are given. */
  readonly random?: SeededRandom;
  /**
   * Every parameter's values in OpenAI state-dict layout, keyed by state-dict name (what
   * `loadClipCheckpoint` passes); replaces the random initialisation.
   */
  readonly weights?: ReadonlyMap<string, Float32Array>;
  /** Pixel normalisation applied inside `encodeImages`; CLIP's constants by default. */
  readonly normalization?: PixelNormalization;
  /**
   * Prefix of the variable names, `<scope>/<state-dict name>`. tfjs refuses two live variables with
   * one name, so a second model alive at the same time needs its own scope.
   */
  readonly scope?: string;
}

/**
 * OpenAI CLIP (ViT image tower, causal text tower) on tfjs. Its weights are `tf.Variable`s named by
 * their OpenAI state-dict names (optionally scoped), kept in a matMul-friendly layout (see
 * `ClipParameterLayout`).
 */
export class ClipModel implements ContrastiveModel {
  readonly config: ClipConfig;
  readonly tokenizer: TextTokenizer;
  readonly normalization: PixelNormalization;
  readonly embedDim: number;
  readonly imageSize: number;
  readonly logitScale: tf.Variable;
  /** State-dict name → variable, in OpenAI's state-dict order. */
  readonly parameters: ReadonlyMap<string, tf.Variable>;
  readonly parameterSpecs: readonly ClipParameterSpec[];
  private readonly normalizationMean: tf.Tensor1D;
  private readonly normalizationScale: tf.Tensor1D;
  private disposed = false;

  constructor(config: ClipConfig, parameters: ReadonlyMap<string, tf.Variable>, options: ClipModelOptions) {
    this.config = config;
    this.tokenizer = options.tokenizer;
    this.normalization = options.normalization ?? { mean: CLIP_IMAGE_MEAN, std: CLIP_IMAGE_STD };
    this.embedDim = config.embedDim;
    this.imageSize = config.vision.imageSize;
    this.parameters = parameters;
    this.parameterSpecs = clipParameterSpecs(config);
    this.logitScale = this.parameter('logit_scale');
    this.normalizationMean = tf.tensor1d([...this.normalization.mean]);
    this.normalizationScale = tf.tensor1d([...this.normalization.std]);
  }

  /** The variable of the state-dict parameter `name`. */
  parameter(name: string): tf.Variable {
    const variable = this.parameters.get(name);
    if (!variable) throw new Error(`ClipModel has no parameter named ${name}`);
    return variable;
  }

  encodeImages(pixels: tf.Tensor4D, options: ImageEncodingOptions = {}): ImageEncoding {
    this.assertAlive();
    const size = this.imageSize;
    const [, height, width, channels] = pixels.shape;
    if (pixels.rank !== 4 || height !== size || width !== size || channels !== 3) {
      throw new Error(
        `ClipModel.encodeImages expects NHWC RGB pixels [batch, ${size}, ${size}, 3], got [${pixels.shape.join(', ')}]`,
      );
    }
    const normalised = tf.tidy(() => tf.div(tf.sub(pixels, this.normalizationMean), this.normalizationScale));
    try {
      return visionTower(normalised as tf.Tensor4D, (name) => this.parameter(name), this.config, {
        patchTokens: options.patchTokens === true,
        attention: options.attention === true,
      });
    } finally {
      normalised.dispose();
    }
  }

  encodeTexts(texts: readonly string[], _options: { readonly training?: boolean } = {}): tf.Tensor2D {
    this.assertAlive();
    const ids = this.tokenizer.encodeBatch(texts);
    const tokens = this.tokenizer.contextLength;
    this.checkTokenIds(ids, tokens, 'the tokenizer');
    return tf.tidy(() =>
      textTower(
        tf.tensor2d(ids, [texts.length, tokens], 'int32'),
        (name) => this.parameter(name),
        this.config,
      ),
    );
  }

  /**
   * Embeds rows of token ids [batch, tokens ≤ contextLength] (int32), end-of-text as each row's
   * highest id: [batch, embedDim], not normalised.
   */
  encodeTokens(ids: tf.Tensor2D | readonly (readonly number[])[]): tf.Tensor2D {
    this.assertAlive();
    if (ids instanceof tf.Tensor) {
      if (ids.rank !== 2 || ids.dtype !== 'int32') {
        throw new Error(
          `ClipModel.encodeTokens expects int32 ids [batch, tokens], got ${ids.dtype} [${ids.shape.join(', ')}]`,
        );
      }
      this.checkTokenIds(ids.dataSync() as Int32Array, ids.shape[1], 'encodeTokens');
      return tf.tidy(() => textTower(ids, (name) => this.parameter(name), this.config));
    }
    const tokens = ids[0]?.length ?? 0;
    const flat = new Int32Array(ids.length * tokens);
    ids.forEach((row, index) => {
      if (row.length !== tokens) {
        throw new Error(`encodeTokens: row ${index} has ${row.length} ids, row 0 has ${tokens}`);
      }
      flat.set(row, index * tokens);
    });
    this.checkTokenIds(flat, tokens, 'encodeTokens');
    return tf.tidy(() =>
      textTower(
        tf.tensor2d(flat, [ids.length, tokens], 'int32'),
        (name) => this.parameter(name),
        this.config,
      ),
    );
  }

  trainableVariables(): tf.Variable[] {
    this.assertAlive();
    return [...this.parameters.values()];
  }

  /**
   * The variables of one tower (for freezing): `image` is every `visual.*` parameter, `text` every
   * other one except `logit_scale`.
   */
  towerVariables(tower: 'image' | 'text'): tf.Variable[] {
    this.assertAlive();
    return this.parameterSpecs
      .filter((spec) => spec.tower === tower)
      .map((spec) => this.parameter(spec.name));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const variable of this.parameters.values()) variable.dispose();
    this.normalizationMean.dispose();
    this.normalizationScale.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('ClipModel was disposed');
  }

  private checkTokenIds(ids: Int32Array, tokens: number, source: string): void {
    const { contextLength, vocabSize } = this.config.text;
    if (tokens < 1 || tokens > contextLength) {
      throw new Error(
        `${source} gives ${tokens} tokens per text; the model's contextLength is ${contextLength}`,
      );
    }
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index]!;
      if (id < 0 || id >= vocabSize) {
        throw new Error(
          `${source}: token id ${id} (text ${Math.floor(index / tokens)}) is outside the model's vocabulary [0, ${vocabSize})`,
        );
      }
    }
  }
}

/**
 * A CLIP model for a config (a name such as `ViT-B/32` or `tiny-32`, or a full config) with
 * OpenAI's initialisation drawn from `options.random`, or with the given `options.weights`.
 */
export function createClipModel(
  nameOrConfig: ClipConfigName | ClipConfig,
  options: ClipModelOptions,
): ClipModel {
  const config = resolveClipConfig(nameOrConfig);
  const { tokenizer } = options;
  if (tokenizer.vocabSize > config.text.vocabSize) {
    throw new Error(
      `The tokenizer has ${tokenizer.vocabSize} ids but the config's text.vocabSize is ${config.text.vocabSize}; set text.vocabSize to at least the tokenizer's`,
    );
  }
  if (tokenizer.contextLength > config.text.contextLength) {
    throw new Error(
      `The tokenizer's contextLength ${tokenizer.contextLength} exceeds the config's text.contextLength ${config.text.contextLength}`,
    );
  }
  const std = options.normalization?.std;
  if (std && !std.every((value) => value > 0)) {
    throw new Error(`options.normalization.std must be positive, got [${std.join(', ')}]`);
  }
  const { weights, random } = options;
  if (!weights && !random)
    throw new Error('createClipModel needs options.random (to initialise) or options.weights');
  const prefix = options.scope ? `${options.scope}/` : '';
  const specs = clipParameterSpecs(config);
  for (const spec of specs) {
    if (tf.engine().registeredVariables[`${prefix}${spec.name}`]) {
      throw new Error(
        `A live tf.Variable is already named ${prefix}${spec.name} (another ClipModel?); dispose it or pass a distinct options.scope`,
      );
    }
  }
  const parameters = new Map<string, tf.Variable>();
  try {
    for (const spec of specs) {
      let values: Float32Array;
      if (weights) {
        const given = weights.get(spec.name);
        const size = spec.shape.reduce((product, dimension) => product * dimension, 1);
        if (!given || given.length !== size) {
          throw new Error(
            `options.weights ${given ? `has ${given.length} values for` : 'lacks'} ${spec.name} (expected shape [${spec.shape.join(', ')}])`,
          );
        }
        values = given;
      } else {
        values = initialParameterValues(spec, config, random!);
      }
      const initial = tf.tensor(toModelLayout(spec, values), modelLayoutShape(spec), 'float32');
      parameters.set(spec.name, tf.variable(initial, true, `${prefix}${spec.name}`));
      initial.dispose();
    }
  } catch (error) {
    for (const variable of parameters.values()) variable.dispose();
    throw error;
  }
  return new ClipModel(config, parameters, options);
}
