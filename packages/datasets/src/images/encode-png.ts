import type { RgbImage } from '@mmpoison/core-tensor';
import sharp from 'sharp';

/**
 * Encodes an image as an 8-bit RGB PNG: the inverse of {@link decodeImage} for pixels that are
 * multiples of 1/255. Values are clamped to [0, 1] and rounded to the nearest level, so a triggered
 * image written for other tools reads back with at most half a level of error.
 */
export async function encodePng(image: RgbImage): Promise<Uint8Array> {
  const expected = image.width * image.height * 3;
  if (image.data.length !== expected) {
    throw new RangeError(
      `encodePng: a ${image.width}×${image.height} RGB image needs ${expected} values, got ${image.data.length}`,
    );
  }
  const bytes = Buffer.alloc(expected);
  for (let i = 0; i < expected; i++) bytes[i] = Math.round(Math.min(Math.max(image.data[i]!, 0), 1) * 255);
  return sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png()
    .toBuffer();
}
