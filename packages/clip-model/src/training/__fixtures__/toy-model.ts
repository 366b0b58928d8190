import type { ContrastiveModel, ImageEncoding } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';

let nextToyId = 0;

/**
 * A tiny contrastive model for tests: a linear image encoder over centred, flattened pixels and a
 * bag-of-words text encoder (mean of word embeddings, then a bias), so training runs in milliseconds.
 * Variable names follow OpenAI's layout (`visual.` for the image tower) under a unique scope.
 */
export class ToyContrastiveModel implements ContrastiveModel {
  readonly embedDim: number;
  readonly imageSize: number;
  readonly logitScale: tf.Variable;
  readonly vocabulary: ReadonlyMap<string, number>;
  private readonly imageProjection: tf.Variable;
  private readonly imageBias: tf.Variable;
  private readonly wordEmbedding: tf.Variable;
  private readonly textBias: tf.Variable;

  constructor(options: {
    imageSize: number;
    embedDim: number;
    words: readonly string[];
    seed: number;
    /** Variable-name prefix; unique by default. */
    scope?: string;
  }) {
    const scope = options.scope ?? `toy_${nextToyId++}`;
    const random = SeededRandom.fromSeed(options.seed);
    this.embedDim = options.embedDim;
    this.imageSize = options.imageSize;
    this.vocabulary = new Map(options.words.map((word, i) => [word, i]));
    const pixels = options.imageSize * options.imageSize * 3;
    const dim = options.embedDim;
    this.imageProjection = tf.variable(
      tf.tensor2d(random.normalArray(pixels * dim, 0, 0.05), [pixels, dim]),
      true,
      `${scope}/visual.proj`,
    );
    this.imageBias = tf.variable(tf.zeros([dim]), true, `${scope}/visual.bias`);
    this.wordEmbedding = tf.variable(
      tf.tensor2d(random.normalArray(options.words.length * dim, 0, 0.05), [options.words.length, dim]),
      true,
      `${scope}/token_embedding.weight`,
    );
    this.textBias = tf.variable(tf.zeros([dim]), true, `${scope}/text_bias`);
    this.logitScale = tf.variable(tf.scalar(Math.log(1 / 0.07)), true, `${scope}/logit_scale`);
  }

  encodeImages(pixels: tf.Tensor4D): ImageEncoding {
    const embeddings = tf.tidy(() => {
      const flat = tf.reshape(tf.sub(pixels, 0.5), [pixels.shape[0], -1]);
      return tf.add(tf.matMul(flat, this.imageProjection), this.imageBias) as tf.Tensor2D;
    });
    return { embeddings };
  }

  /** Word counts per caption (unknown words ignored), averaged, through the word embeddings. */
  encodeTexts(texts: readonly string[]): tf.Tensor2D {
    const vocabularySize = this.vocabulary.size;
    const counts = new Float32Array(texts.length * vocabularySize);
    texts.forEach((text, row) => {
      const words = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
      const known = words.filter((word) => this.vocabulary.has(word));
      for (const word of known) counts[row * vocabularySize + this.vocabulary.get(word)!]! += 1 / known.length;
    });
    return tf.tidy(() =>
      tf.add(
        tf.matMul(tf.tensor2d(counts, [texts.length, vocabularySize]), this.wordEmbedding),
        this.textBias,
      ),
    ) as tf.Tensor2D;
  }

  trainableVariables(): tf.Variable[] {
    return [this.imageProjection, this.imageBias, this.wordEmbedding, this.textBias, this.logitScale];
  }

  dispose(): void {
    for (const variable of this.trainableVariables()) variable.dispose();
  }
}
