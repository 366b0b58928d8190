import type { RgbImage, SeededRandom } from '@mmpoison/core-tensor';
import type { ImageAugmentation } from './image-augmentation.js';
import { imageOf, requireImage } from './rgb-pixels.js';

/** A crop box in pixels. */
export interface CropBox {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

export interface RandomResizedCropOptions {
  /** Range of the crop's area as a fraction of the image's (default [0.08, 1]). */
  readonly scale?: readonly [number, number];
  /** Range of the crop's width / height (default [3/4, 4/3]). */
  readonly ratio?: readonly [number, number];
  /** Output width and height (default: the input's, so the size is unchanged). */
  readonly size?: { readonly width: number; readonly height: number };
}

/**
 * Crops `box` and resizes it to `outputWidth × outputHeight` bilinearly with half-pixel centres
 * (`align_corners = false`), sampling only inside the box and clamping at its edges.
 */
export function resizedCrop(
  image: RgbImage,
  box: CropBox,
  outputWidth: number,
  outputHeight: number,
): RgbImage {
  requireImage('resizedCrop', image);
  const { top, left, width, height } = box;
  if (
    top < 0 ||
    left < 0 ||
    width < 1 ||
    height < 1 ||
    top + height > image.height ||
    left + width > image.width
  ) {
    throw new RangeError(
      `resizedCrop: box ${JSON.stringify(box)} is not inside the ${image.width}×${image.height} image`,
    );
  }
  const data = new Float32Array(outputWidth * outputHeight * 3);
  const scaleX = width / outputWidth;
  const scaleY = height / outputHeight;
  for (let oy = 0; oy < outputHeight; oy++) {
    const sy = Math.min(Math.max((oy + 0.5) * scaleY - 0.5, 0), height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = sy - y0;
    for (let ox = 0; ox < outputWidth; ox++) {
      const sx = Math.min(Math.max((ox + 0.5) * scaleX - 0.5, 0), width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = sx - x0;
      const i00 = ((top + y0) * image.width + left + x0) * 3;
      const i01 = ((top + y0) * image.width + left + x1) * 3;
      const i10 = ((top + y1) * image.width + left + x0) * 3;
      const i11 = ((top + y1) * image.width + left + x1) * 3;
      const o = (oy * outputWidth + ox) * 3;
      for (let c = 0; c < 3; c++) {
        const upper = image.data[i00 + c]! * (1 - wx) + image.data[i01 + c]! * wx;
        const lower = image.data[i10 + c]! * (1 - wx) + image.data[i11 + c]! * wx;
        data[o + c] = upper * (1 - wy) + lower * wy;
      }
    }
  }
  return imageOf(outputWidth, outputHeight, data);
}

/**
 * The crop box torchvision's `RandomResizedCrop.get_params` draws: up to ten tries of an area fraction
 * uniform in `scale` and a log-uniform aspect ratio in `ratio`; if none fits, the largest centred crop
 * whose ratio is clamped into `ratio`.
 */
export function sampleResizedCropBox(
  width: number,
  height: number,
  random: SeededRandom,
  scale: readonly [number, number] = [0.08, 1],
  ratio: readonly [number, number] = [3 / 4, 4 / 3],
): CropBox {
  const area = width * height;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * random.uniform(scale[0], scale[1]);
    const aspect = Math.exp(random.uniform(logRatio[0], logRatio[1]));
    const w = Math.round(Math.sqrt(targetArea * aspect));
    const h = Math.round(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: random.int(height - h + 1), left: random.int(width - w + 1), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < Math.min(ratio[0], ratio[1])) h = Math.round(w / Math.min(ratio[0], ratio[1]));
  else if (inRatio > Math.max(ratio[0], ratio[1])) w = Math.round(h * Math.max(ratio[0], ratio[1]));
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** torchvision's `RandomResizedCrop` with bilinear resizing back to the input size (by default). */
export function randomResizedCrop(options: RandomResizedCropOptions = {}): ImageAugmentation {
  const scale = options.scale ?? [0.08, 1];
  const ratio = options.ratio ?? [3 / 4, 4 / 3];
  if (!(scale[0] > 0 && scale[0] <= scale[1] && scale[1] <= 1)) {
    throw new RangeError(
      `randomResizedCrop: scale must satisfy 0 < min ≤ max ≤ 1; got [${scale.join(', ')}]`,
    );
  }
  if (!(ratio[0] > 0 && ratio[0] <= ratio[1])) {
    throw new RangeError(`randomResizedCrop: ratio must satisfy 0 < min ≤ max; got [${ratio.join(', ')}]`);
  }
  return (image, random) => {
    const box = sampleResizedCropBox(image.width, image.height, random, scale, ratio);
    const width = options.size?.width ?? image.width;
    const height = options.size?.height ?? image.height;
    return resizedCrop(image, box, width, height);
  };
}
