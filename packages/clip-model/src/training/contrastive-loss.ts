import { l2Normalize, type TrainingObjective } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';

/**
 * The symmetric InfoNCE loss of CLIP (Radford et al. 2021, Fig. 3; methods.md "CLIP"): both
 * embeddings L2-normalised, logits = exp(logitScale) · img · txtᵀ, and the mean of the image→text
 * and text→image cross-entropies whose targets are the matching pairs on the diagonal.
 */
export function clipContrastiveLoss(
  imageEmbeddings: tf.Tensor2D,
  textEmbeddings: tf.Tensor2D,
  logitScale: tf.Scalar | tf.Variable,
): tf.Scalar {
  if (imageEmbeddings.rank !== 2 || textEmbeddings.rank !== 2) {
    throw new RangeError(
      `clipContrastiveLoss: expected 2-D embeddings, got image [${imageEmbeddings.shape}] and text [${textEmbeddings.shape}]`,
    );
  }
  const [batch, dim] = imageEmbeddings.shape;
  if (textEmbeddings.shape[0] !== batch || textEmbeddings.shape[1] !== dim) {
    throw new RangeError(
      `clipContrastiveLoss: image embeddings [${imageEmbeddings.shape}] and text embeddings [${textEmbeddings.shape}] must have the same shape (one caption per image)`,
    );
  }
  if (batch < 1) throw new RangeError('clipContrastiveLoss: the batch is empty');
  if (logitScale.size !== 1) {
    throw new RangeError(`clipContrastiveLoss: logitScale must be a scalar, got shape [${logitScale.shape}]`);
  }
  return tf.tidy(() => {
    const similarities = tf.matMul(l2Normalize(imageEmbeddings), l2Normalize(textEmbeddings), false, true);
    const logits = tf.mul(tf.exp(tf.reshape(logitScale, [])), similarities);
    const matching = tf.sum(tf.mul(logits, tf.eye(batch)), 1);
    // Cross-entropy with the diagonal as target: logsumexp over the row (or column) minus the target.
    const imageToText = tf.mean(tf.sub(tf.logSumExp(logits, 1), matching));
    const textToImage = tf.mean(tf.sub(tf.logSumExp(logits, 0), matching));
    return tf.mul(tf.add(imageToText, textToImage), 0.5) as tf.Scalar;
  });
}

/** The plain CLIP objective, the training loop's default: encode both sides, {@link clipContrastiveLoss}. */
export function clipObjective(): TrainingObjective {
  return {
    name: 'clip',
    loss(batch, context) {
      return tf.tidy(() => {
        const images = context.model.encodeImages(batch.images, { training: true }).embeddings;
        const texts = context.model.encodeTexts(batch.texts, { training: true });
        return clipContrastiveLoss(images, texts, context.model.logitScale);
      });
    },
  };
}
