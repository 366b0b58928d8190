import type { RgbImage } from '@mmpoison/core-tensor';
import sharp from 'sharp';
import { describeDecodeFailure, ImageDecodeError } from './image-decode-error.js';

/**
 * How an image is brought to `size`×`size`:
 * - `shortest-side-crop`: the shortest side is resized to `size` (bicubic), then the centre
 *   `size`×`size` square is cut out: CLIP's preprocessing (methods.md, "Preprocessing").
 * - `stretch`: both sides are resized to `size`, changing the aspect ratio.
 */
export type ImageFit = 'shortest-side-crop' | 'stretch';

/** Colour that transparent pixels are composited onto. */
export type AlphaBackground = 'black' | 'white';

export interface DecodeImageOptions {
  /** Square output side in pixels; omitted keeps the image's own (EXIF-oriented) size. */
  readonly size?: number;
  /** Default `shortest-side-crop`. */
  readonly fit?: ImageFit;
  /** Default `black`: an alpha channel is flattened onto black. */
  readonly background?: AlphaBackground;
  /** Name used in errors for an in-memory buffer (a tar member, say); defaults to `<bytes>`. */
  readonly source?: string;
}

/** Decoded 8-bit RGB pixels before the conversion to floats (what the on-disk cache stores). */
export interface RgbBytes {
  readonly width: number;
  readonly height: number;
  /** `height * width * 3` bytes, HWC. */
  readonly data: Uint8Array;
}

/**
 * Decodes a JPEG, PNG or WebP (anything `sharp` reads) into 8-bit RGB: EXIF orientation applied,
 * any channel count converted to sRGB RGB (grey is replicated, 16-bit is reduced to 8-bit, CMYK is
 * converted), alpha flattened onto `background`, then resized as {@link ImageFit} says.
 */
export async function decodeImageBytes(
  input: Uint8Array | string,
  options: DecodeImageOptions = {},
): Promise<RgbBytes> {
  const source = typeof input === 'string' ? input : (options.source ?? '<bytes>');
  const size = options.size;
  if (size !== undefined && (!Number.isInteger(size) || size <= 0)) {
    throw new RangeError(`Image size must be a positive integer, got ${size} (decoding ${source})`);
  }
  const background = options.background === 'white' ? '#ffffff' : '#000000';
  try {
    // failOn 'truncated': a cut-off file fails, while the benign libjpeg warnings common in web
    // scrapes (extraneous bytes before a marker) do not.
    let pipeline = sharp(input, { failOn: 'truncated', autoOrient: true }).flatten({ background });
    if (size !== undefined) {
      pipeline = pipeline.resize(size, size, {
        fit: options.fit === 'stretch' ? 'fill' : 'cover',
        position: 'centre',
        kernel: 'cubic',
      });
    }
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
      throw new Error(`expected 3 channels of 8-bit pixels, got ${info.channels} channels`);
    }
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(source, describeDecodeFailure(error), { cause: error });
  }
}

/** 8-bit RGB to the contract's float pixels in [0, 1]. */
export function rgbBytesToImage(bytes: RgbBytes): RgbImage {
  const data = new Float32Array(bytes.data.length);
  for (let i = 0; i < data.length; i++) data[i] = bytes.data[i]! / 255;
  return { width: bytes.width, height: bytes.height, data };
}

/**
 * Decodes image bytes or a file into an {@link RgbImage} (HWC floats in [0, 1]). With `size`, the
 * shortest side goes to `size` with a bicubic (Catmull-Rom) kernel and the centre is cropped;
 * alpha is flattened onto black unless `background: 'white'`. Throws {@link ImageDecodeError}.
 */
export async function decodeImage(
  input: Uint8Array | string,
  options: DecodeImageOptions = {},
): Promise<RgbImage> {
  return rgbBytesToImage(await decodeImageBytes(input, options));
}

/** Reads and decodes an image file at `size`×`size` (shortest side resized, centre crop). */
export async function loadRgbImage(path: string, options: DecodeImageOptions = {}): Promise<RgbImage> {
  return decodeImage(path, options);
}
