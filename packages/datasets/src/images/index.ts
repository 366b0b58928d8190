export { checkImageBytes, checkImageFile, type ImageCheck } from './check-image.js';
export { ConcurrencyLimiter } from './concurrency-limiter.js';
export {
  type AlphaBackground,
  type DecodeImageOptions,
  decodeImage,
  decodeImageBytes,
  type ImageFit,
  loadRgbImage,
  type RgbBytes,
  rgbBytesToImage,
} from './decode-image.js';
export { DecodedImageCache, type DecodedImageKey } from './decoded-image-cache.js';
export { encodePng } from './encode-png.js';
export { describeDecodeFailure, ImageDecodeError } from './image-decode-error.js';
export { type DecodeRequest, ImageDecoder, type ImageDecoderOptions } from './image-decoder.js';
