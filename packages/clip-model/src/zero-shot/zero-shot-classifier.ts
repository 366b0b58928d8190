import {
  type ContrastiveModel,
  DEFAULT_ZERO_SHOT_TEMPLATES,
  type EmbeddingMatrix,
  embeddingMatrixFromTensor,
  fillTemplate,
  l2Normalize,
  normalizeRows,
  type ProgressReporter,
  ProgressTracker,
  type TopKResult,
  topKSimilar,
} from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';

export interface ZeroShotClassifierOptions {
  /** Texts per `encodeTexts` call (default 256). */
  readonly batchSize?: number;
  /** One event per class embedded. */
  readonly progress?: ProgressReporter;
}

/**
 * Zero-shot classification by prompt ensembling (Radford et al. 2021, §3.1.4): each class is the
 * mean of its L2-normalised prompt embeddings, renormalised; an image gets the classes whose
 * embeddings have the highest cosine similarity with it. Holds plain memory only, nothing to dispose.
 */
export class ZeroShotClassifier {
  readonly classNames: readonly string[];
  readonly templates: readonly string[];
  /** `classes × embedDim`, unit rows. */
  readonly classEmbeddings: EmbeddingMatrix;

  constructor(classNames: readonly string[], templates: readonly string[], classEmbeddings: EmbeddingMatrix) {
    if (classEmbeddings.rows !== classNames.length) {
      throw new RangeError(
        `ZeroShotClassifier: ${classNames.length} class names but ${classEmbeddings.rows} class embeddings`,
      );
    }
    this.classNames = classNames;
    this.templates = templates;
    this.classEmbeddings = classEmbeddings;
  }

  /**
   * The `k` most similar classes for every image embedding (normalised here, so raw model outputs
   * are fine), best first: row-major `[images × k]` class indices and cosine similarities.
   */
  classify(imageEmbeddings: EmbeddingMatrix | tf.Tensor2D, k = 1): TopKResult {
    const images =
      imageEmbeddings instanceof tf.Tensor ? embeddingMatrixFromTensor(imageEmbeddings) : imageEmbeddings;
    if (images.dim !== this.classEmbeddings.dim) {
      throw new RangeError(
        `ZeroShotClassifier.classify: image embeddings have dim ${images.dim}, the classifier ${this.classEmbeddings.dim}`,
      );
    }
    return topKSimilar(normalizeRows(images), this.classEmbeddings, k);
  }

  /** The top-1 class index of every image. */
  predict(imageEmbeddings: EmbeddingMatrix | tf.Tensor2D): Int32Array {
    return this.classify(imageEmbeddings, 1).indices;
  }
}

/**
 * Embeds every `template` filled with every class name and averages per class. Templates contain
 * `{}` once (see {@link CLIP_IMAGENET_TEMPLATES}); the default is the single "a photo of a {}.".
 */
export function buildZeroShotClassifier(
  model: ContrastiveModel,
  classNames: readonly string[],
  templates: readonly string[] = DEFAULT_ZERO_SHOT_TEMPLATES,
  options: ZeroShotClassifierOptions = {},
): ZeroShotClassifier {
  if (classNames.length === 0) throw new RangeError('buildZeroShotClassifier: no class names given');
  if (templates.length === 0) throw new RangeError('buildZeroShotClassifier: no prompt templates given');
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`buildZeroShotClassifier: batchSize must be a positive integer, got ${batchSize}`);
  }
  // Fails early, naming the template, rather than after embedding half the classes.
  for (const template of templates) fillTemplate(template, 'class');
  const dim = model.embedDim;
  const data = new Float32Array(classNames.length * dim);
  const tracker = new ProgressTracker('zero-shot classes', {
    total: classNames.length,
    unit: 'classes',
    ...(options.progress === undefined ? {} : { reporter: options.progress }),
  });
  classNames.forEach((className, classIndex) => {
    const texts = templates.map((template) => fillTemplate(template, className));
    const sum = new Float32Array(dim);
    for (let start = 0; start < texts.length; start += batchSize) {
      const chunk = texts.slice(start, start + batchSize);
      const chunkSum = tf.tidy(() => tf.sum(l2Normalize(model.encodeTexts(chunk)), 0));
      const values = chunkSum.dataSync();
      chunkSum.dispose();
      if (values.length !== dim) {
        throw new RangeError(
          `buildZeroShotClassifier: the model's text embeddings have dim ${values.length}, its embedDim is ${dim}`,
        );
      }
      for (let j = 0; j < dim; j++) sum[j]! += values[j]!;
    }
    let squared = 0;
    for (let j = 0; j < dim; j++) squared += sum[j]! ** 2;
    const scale = squared > 0 ? 1 / Math.sqrt(squared) : 0;
    for (let j = 0; j < dim; j++) data[classIndex * dim + j] = sum[j]! * scale;
    tracker.advance(1);
  });
  tracker.finish();
  return new ZeroShotClassifier(classNames, templates, { rows: classNames.length, dim, data });
}
