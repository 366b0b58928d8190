import type { RgbImage } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { centerCrop } from './center-crop.js';
import { CLIP_IMAGE_MEAN, CLIP_IMAGE_STD } from './clip-image-constants.js';
import { normalizePixels } from './normalize-pixels.js';
import { preprocessForClip } from './preprocess-for-clip.js';
import { resizeBicubic, resizeShortestSideBicubic } from './resize-bicubic.js';

function image(width: number, height: number, value: (x: number, y: number, c: number) => number): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value(x, y, c);
  }
  return { width, height, data };
}

function pixel(img: RgbImage, x: number, y: number, c = 0): number {
  return img.data[(y * img.width + x) * 3 + c]!;
}

function mean(values: Float32Array): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

describe('resizeBicubic', () => {
  it('keeps a constant image constant, shrinking and enlarging', () => {
    const constant = image(7, 5, (_x, _y, c) => [0.2, 0.5, 0.9][c]!);
    for (const [w, h] of [
      [3, 2],
      [13, 11],
      [7, 1],
    ] as const) {
      const out = resizeBicubic(constant, w, h);
      expect(out.width).toBe(w);
      expect(out.height).toBe(h);
      for (let i = 0; i < out.data.length; i++) expect(out.data[i]).toBeCloseTo([0.2, 0.5, 0.9][i % 3]!, 6);
    }
  });

  it('matches the hand-computed antialiased bicubic weights when halving', () => {
    // 4 → 2: scale 2, the a = −0.5 kernel stretched ×2 over taps at distances 0.25, 0.25, 0.75, 1.25
    // (in kernel units) from output 0's centre: k(0.25) = 0.8671875, k(0.75) = 0.2265625,
    // k(1.25) = −0.0703125; their sum is 1.890625.
    const ramp = image(4, 1, (x) => x / 3);
    const out = resizeBicubic(ramp, 2, 1);
    const expected0 = (0 * 0.8671875 + (1 / 3) * 0.8671875 + (2 / 3) * 0.2265625 + 1 * -0.0703125) / 1.890625;
    expect(pixel(out, 0, 0)).toBeCloseTo(expected0, 6);
    // By symmetry output 1 mirrors output 0 around the ramp's middle.
    expect(pixel(out, 1, 0)).toBeCloseTo(1 - expected0, 6);
  });

  it('keeps the mean of a linear ramp', () => {
    const ramp = image(12, 9, (x, y) => (x + 2 * y) / 30);
    for (const [w, h] of [
      [6, 3],
      [4, 3],
      [24, 18],
    ] as const) {
      expect(mean(resizeBicubic(ramp, w, h).data)).toBeCloseTo(mean(ramp.data), 3);
    }
  });

  it('rejects a malformed image or size', () => {
    expect(() => resizeBicubic({ width: 2, height: 2, data: new Float32Array(5) }, 1, 1)).toThrow(
      /2×2×3 = 12/,
    );
    expect(() =>
      resizeBicubic(
        image(2, 2, () => 0),
        0,
        1,
      ),
    ).toThrow(/positive integer/);
  });
});

describe('resizeShortestSideBicubic', () => {
  it('scales the shorter side to the size, truncating the longer side like torchvision', () => {
    const wide = resizeShortestSideBicubic(
      image(10, 4, () => 0.3),
      3,
    );
    expect([wide.width, wide.height]).toEqual([7, 3]);
    const tall = resizeShortestSideBicubic(
      image(4, 10, () => 0.3),
      3,
    );
    expect([tall.width, tall.height]).toEqual([3, 7]);
  });
});

describe('centerCrop', () => {
  it('picks the centre of a 4×2 image for a crop of 2', () => {
    const out = centerCrop(
      image(4, 2, (x, y) => x * 10 + y),
      2,
    );
    expect([out.width, out.height]).toEqual([2, 2]);
    expect([pixel(out, 0, 0), pixel(out, 1, 0), pixel(out, 0, 1), pixel(out, 1, 1)]).toEqual([
      10, 20, 11, 21,
    ]);
  });

  it('rounds an odd margin half to even as torchvision does', () => {
    // 5 wide → 2: margin 1.5 rounds to 2, so columns 2 and 3 remain.
    const out = centerCrop(
      image(5, 2, (x) => x),
      2,
    );
    expect([pixel(out, 0, 0), pixel(out, 1, 0)]).toEqual([2, 3]);
  });

  it('refuses a crop larger than the image', () => {
    expect(() =>
      centerCrop(
        image(3, 3, () => 0),
        4,
      ),
    ).toThrow(/3×3 image is smaller than the 4×4 crop/);
  });
});

describe('preprocessForClip and normalisation', () => {
  it('gives a size × size image from any aspect ratio', () => {
    const out = preprocessForClip(
      image(9, 6, (x) => x / 8),
      4,
    );
    expect([out.width, out.height, out.data.length]).toEqual([4, 4, 48]);
    // The ramp runs left to right, so the crop's middle matches the whole image's middle.
    expect(mean(out.data)).toBeCloseTo(0.5, 2);
  });

  it('normalises with the CLIP constants', () => {
    const out = normalizePixels(image(1, 1, () => 0.5));
    for (let c = 0; c < 3; c++)
      expect(out[c]).toBeCloseTo((0.5 - CLIP_IMAGE_MEAN[c]!) / CLIP_IMAGE_STD[c]!, 6);
    expect(CLIP_IMAGE_MEAN[0]).toBe(0.48145466);
    expect(CLIP_IMAGE_STD[2]).toBe(0.27577711);
  });
});
