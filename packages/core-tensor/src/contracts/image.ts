/**
 * An RGB image in memory: height × width × 3 floats in [0, 1], row-major, channels last (HWC),
 * the layout tfjs uses for NHWC tensors. Triggers, augmentations and models all read and write this.
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** `height * width * 3` values in [0, 1]; index `(y * width + x) * 3 + channel`. */
  readonly data: Float32Array;
}
