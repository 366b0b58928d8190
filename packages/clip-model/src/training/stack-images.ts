import type { RgbImage } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { preprocessForClip } from '../preprocess/preprocess-for-clip.js';

/**
 * The image at the model's `size × size` input: as is when it already fits, else resized (shorter
 * side, bicubic) and centre-cropped as CLIP's own transform does.
 */
export function fitImage(image: RgbImage, size: number): RgbImage {
  return image.width === size && image.height === size ? image : preprocessForClip(image, size);
}

/** Stacks `size × size` images into one `[batch, size, size, 3]` tensor (one copy, no per-image tensors). */
export function stackImages(images: readonly RgbImage[], size: number, ids?: readonly string[]): tf.Tensor4D {
  const pixels = size * size * 3;
  const data = new Float32Array(images.length * pixels);
  images.forEach((image, i) => {
    if (image.width !== size || image.height !== size || image.data.length !== pixels) {
      const name = ids?.[i] === undefined ? `image ${i}` : `image ${ids[i]}`;
      throw new RangeError(
        `stackImages: ${name} is ${image.width}×${image.height} with ${image.data.length} values, expected ${size}×${size}×3`,
      );
    }
    data.set(image.data, i * pixels);
  });
  return tf.tensor4d(data, [images.length, size, size, 3]);
}
