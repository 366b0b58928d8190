import type { RgbImage } from '@mmpoison/core-tensor';

/**
 * Bilinear resize with half-pixel centres (`align_corners=False` in PyTorch, PIL's convention):
 * output pixel i samples the input at (i + 0.5) · in / out − 0.5, clamped to the edge pixels.
 * Used to grow the HTBA 4×4 colour matrix to the patch size.
 */
export function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`resizeBilinear: the target size must be positive integers, got ${width}×${height}`);
  }
  const data = new Float32Array(width * height * 3);
  const scaleX = image.width / width;
  const scaleY = image.height / height;
  for (let y = 0; y < height; y++) {
    const sourceY = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), image.height - 1);
    const y0 = Math.floor(sourceY);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const fy = sourceY - y0;
    for (let x = 0; x < width; x++) {
      const sourceX = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), image.width - 1);
      const x0 = Math.floor(sourceX);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const fx = sourceX - x0;
      for (let c = 0; c < 3; c++) {
        const top =
          image.data[(y0 * image.width + x0) * 3 + c]! * (1 - fx) +
          image.data[(y0 * image.width + x1) * 3 + c]! * fx;
        const bottom =
          image.data[(y1 * image.width + x0) * 3 + c]! * (1 - fx) +
          image.data[(y1 * image.width + x1) * 3 + c]! * fx;
        data[(y * width + x) * 3 + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { width, height, data };
}
