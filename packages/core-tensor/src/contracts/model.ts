import type * as tf from '@tensorflow/tfjs';

/** Optional outputs of the image tower that some defenses need (Semantic Shield). */
export interface ImageEncodingOptions {
  /** Dropout, augmentation-dependent layers etc. in training mode. */
  readonly training?: boolean;
  /** Also return the patch token embeddings, projected to the joint space: [batch, patches, embedDim]. */
  readonly patchTokens?: boolean;
  /** Also return each vision layer's attention weights: [batch, heads, tokens, tokens] per layer. */
  readonly attention?: boolean;
}

export interface ImageEncoding {
  /** Image embeddings in the joint space, not normalised: [batch, embedDim]. */
  readonly embeddings: tf.Tensor2D;
  readonly patchTokens?: tf.Tensor3D;
  readonly attention?: readonly tf.Tensor4D[];
}

/**
 * A contrastive image–text model (CLIP and anything shaped like it). Attacks, defenses and metrics
 * code against this, never against a concrete model, so a user can bring their own.
 */
export interface ContrastiveModel {
  /** Size of the joint embedding space. */
  readonly embedDim: number;
  /** Square input resolution in pixels that {@link encodeImages} expects. */
  readonly imageSize: number;
  /** ln of the softmax temperature's inverse; logits = exp(logitScale) · img · txtᵀ. */
  readonly logitScale: tf.Variable;
  /**
   * Embeds a batch of RGB images, NHWC, values in [0, 1], at {@link imageSize}. The model applies
   * its own normalisation (mean/std), so attacks and augmentations work on plain pixels.
   */
  encodeImages(pixels: tf.Tensor4D, options?: ImageEncodingOptions): ImageEncoding;
  /** Embeds captions (the model tokenizes them): [texts.length, embedDim], not normalised. */
  encodeTexts(texts: readonly string[], options?: { readonly training?: boolean }): tf.Tensor2D;
  /** The variables an optimiser may update, each with a unique `name`. */
  trainableVariables(): tf.Variable[];
  dispose(): void;
}
