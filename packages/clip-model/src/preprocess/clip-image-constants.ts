/**
 * Per-channel mean and standard deviation of the images OpenAI CLIP was trained on, for pixels in
 * [0, 1] (methods.md, "Preprocessing for real weights"; CLIP's `_transform`).
 */
export const CLIP_IMAGE_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_IMAGE_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];
