export { centerCrop } from './center-crop.js';
export { CLIP_IMAGE_MEAN, CLIP_IMAGE_STD } from './clip-image-constants.js';
export { normalizePixels, type PixelNormalization } from './normalize-pixels.js';
export { preprocessForClip } from './preprocess-for-clip.js';
export { resizeBicubic, resizeShortestSideBicubic } from './resize-bicubic.js';
