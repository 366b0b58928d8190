import { type RgbImage, SeededRandom } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { cleanclipImageAugmentation, roclipImageAugmentation } from './augmentation-presets.js';
import { autoAugment } from './autoaugment.js';
import {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  colorJitter,
} from './color-jitter.js';
import { blurImage, defaultBlurKernelSize, gaussianBlur, gaussianKernel } from './gaussian-blur.js';
import { randomGrayscale, toGrayscale } from './grayscale.js';
import { flipHorizontal, horizontalFlip } from './horizontal-flip.js';
import { composeAugmentations, type ImageAugmentation, randomApply } from './image-augmentation.js';
import { randomResizedCrop, resizedCrop, sampleResizedCropBox } from './random-resized-crop.js';

function randomImage(width: number, height: number, seed = 1): RgbImage {
  return { width, height, data: SeededRandom.fromSeed(seed).uniformArray(width * height * 3) };
}

function solidImage(width: number, height: number, rgb: readonly [number, number, number]): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = rgb[i % 3]!;
  return { width, height, data };
}

/** 6×5, left half black, right half white. */
function solidEdge(): RgbImage {
  const data = new Float32Array(6 * 5 * 3);
  for (let i = 0; i < 6 * 5; i++) data.fill(i % 6 >= 3 ? 1 : 0, 3 * i, 3 * i + 3);
  return { width: 6, height: 5, data };
}

const pixel = (image: RgbImage, x: number, y: number) =>
  Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));

const augmentations: Record<string, ImageAugmentation> = {
  randomResizedCrop: randomResizedCrop(),
  horizontalFlip: horizontalFlip(0.5),
  colorJitter: colorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.1 }),
  randomGrayscale: randomGrayscale(0.5),
  gaussianBlur: gaussianBlur(),
  autoAugment: autoAugment(),
  roclip: roclipImageAugmentation(),
  cleanclip: cleanclipImageAugmentation(),
};

describe('image augmentations', () => {
  for (const [name, augmentation] of Object.entries(augmentations)) {
    it(`${name}: keeps the size and [0, 1] range, leaves the input alone, and is deterministic per seed`, () => {
      const image = randomImage(20, 14);
      const before = Float32Array.from(image.data);
      const outputs = [1, 2, 3, 4, 5, 6].map((seed) => augmentation(image, SeededRandom.fromSeed(seed)));
      for (const output of outputs) {
        expect([output.width, output.height, output.data.length]).toEqual([20, 14, 20 * 14 * 3]);
        expect(output.data.every((value) => value >= 0 && value <= 1)).toBe(true);
      }
      expect(image.data).toEqual(before);
      expect(augmentation(image, SeededRandom.fromSeed(3)).data).toEqual(outputs[2]!.data);
      // Six seeds never all give the same picture.
      expect(new Set(outputs.map((output) => output.data.join(','))).size).toBeGreaterThan(1);
    });
  }

  it('flips a pixel to the mirrored column', () => {
    const image = solidImage(5, 3, [0, 0, 0]);
    image.data.set([1, 0.5, 0.25], (1 * 5 + 0) * 3);
    const flipped = flipHorizontal(image);
    expect(pixel(flipped, 4, 1)).toEqual([1, 0.5, 0.25]);
    expect(pixel(flipped, 0, 1)).toEqual([0, 0, 0]);
    expect(horizontalFlip(1)(image, SeededRandom.fromSeed(1)).data).toEqual(flipped.data);
    expect(horizontalFlip(0)(image, SeededRandom.fromSeed(1))).toBe(image);
  });

  it('grays with the ITU-R BT.601 luma', () => {
    const gray = toGrayscale(solidImage(2, 2, [0.2, 0.4, 0.6]));
    const luma = 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6;
    for (const value of gray.data) expect(value).toBeCloseTo(luma, 6);
  });

  it('scales by the brightness factor, blends contrast with the mean luma and saturation with the gray', () => {
    const image = solidImage(2, 1, [0.2, 0.4, 0.8]);
    expect(pixel(adjustBrightness(image, 1.5), 0, 0).map((v) => Number(v.toFixed(5)))).toEqual([0.3, 0.6, 1]);
    const luma = 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.8;
    expect(pixel(adjustContrast(image, 0), 1, 0)[2]).toBeCloseTo(luma, 6);
    expect(pixel(adjustSaturation(image, 0), 0, 0)[0]).toBeCloseTo(luma, 6);
    expect(pixel(adjustSaturation(image, 2), 0, 0)[0]).toBeCloseTo(2 * 0.2 - luma, 6);
  });

  it('rotates hue by turns: a third takes red to green, half takes red to cyan', () => {
    const red = solidImage(1, 1, [1, 0, 0]);
    expect(pixel(adjustHue(red, 1 / 3), 0, 0).map((v) => Number(v.toFixed(5)))).toEqual([0, 1, 0]);
    expect(pixel(adjustHue(red, 0.5), 0, 0).map((v) => Number(v.toFixed(5)))).toEqual([0, 1, 1]);
    expect(pixel(adjustHue(solidImage(1, 1, [0.3, 0.3, 0.3]), 0.25), 0, 0)).toEqual(
      pixel(solidImage(1, 1, [0.3, 0.3, 0.3]), 0, 0),
    );
    expect(() => adjustHue(red, 0.7)).toThrow(/\[-0.5, 0.5\]/);
  });

  it('jitters brightness alone by one factor in [0.5, 1.5] for the whole image', () => {
    const image = solidImage(3, 3, [0.2, 0.3, 0.4]);
    for (let seed = 0; seed < 20; seed++) {
      const out = colorJitter({ brightness: 0.5 })(image, SeededRandom.fromSeed(seed));
      const factor = out.data[0]! / 0.2;
      expect(factor).toBeGreaterThanOrEqual(0.5);
      expect(factor).toBeLessThanOrEqual(1.5);
      expect(out.data[2]! / 0.4).toBeCloseTo(factor, 5);
    }
  });

  it('crops boxes within the scale and ratio ranges and resizes bilinearly', () => {
    const random = SeededRandom.fromSeed(4);
    for (let i = 0; i < 200; i++) {
      const box = sampleResizedCropBox(64, 48, random, [0.2, 0.6], [0.75, 4 / 3]);
      expect(box.top + box.height).toBeLessThanOrEqual(48);
      expect(box.left + box.width).toBeLessThanOrEqual(64);
      const area = (box.width * box.height) / (64 * 48);
      expect(area).toBeGreaterThan(0.17);
      expect(area).toBeLessThan(0.65);
    }
    const image = randomImage(6, 4);
    expect(resizedCrop(image, { top: 0, left: 0, width: 6, height: 4 }, 6, 4).data).toEqual(image.data);
    // A 2×1 crop of values 0 and 1 stretched to 4 pixels: half-pixel centres give 0, 0.25, 0.75, 1.
    const ramp = { width: 2, height: 1, data: new Float32Array([0, 0, 0, 1, 1, 1]) };
    const stretched = resizedCrop(ramp, { top: 0, left: 0, width: 2, height: 1 }, 4, 1);
    expect([0, 1, 2, 3].map((x) => pixel(stretched, x, 0)[0])).toEqual([0, 0.25, 0.75, 1]);
    expect(() => resizedCrop(image, { top: 2, left: 0, width: 6, height: 4 }, 6, 4)).toThrow(/not inside/);
  });

  it('blurs with a normalised symmetric kernel that keeps flat images flat', () => {
    const kernel = gaussianKernel(5, 1);
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(kernel[0]).toBeCloseTo(kernel[4]!, 7);
    expect(kernel[1]! / kernel[2]!).toBeCloseTo(Math.exp(-0.5), 5);
    const flat = solidImage(7, 5, [0.3, 0.6, 0.9]);
    const blurred = blurImage(flat, 5, 1.5);
    for (let i = 0; i < flat.data.length; i++) expect(blurred.data[i]).toBeCloseTo(flat.data[i]!, 6);
    // A vertical edge is softened symmetrically: columns next to it move towards the middle.
    const edge = blurImage(solidEdge(), 3, 1);
    expect(edge.data[(2 * 6 + 2) * 3]).toBeGreaterThan(0);
    expect(edge.data[(2 * 6 + 2) * 3]).toBeCloseTo(1 - edge.data[(2 * 6 + 3) * 3]!, 6);
    expect(defaultBlurKernelSize(32, 32)).toBe(3);
    expect(defaultBlurKernelSize(224, 224)).toBe(23);
    expect(() => gaussianKernel(4, 1)).toThrow(/odd/);
  });

  it('composes in order and applies randomApply with its probability', () => {
    const image = solidImage(2, 2, [0.2, 0.4, 0.6]);
    const brighten: ImageAugmentation = (input) => adjustBrightness(input, 2);
    const gray: ImageAugmentation = (input) => toGrayscale(input);
    const grayThenBrighten = composeAugmentations(gray, brighten)(image, SeededRandom.fromSeed(1));
    expect(grayThenBrighten.data[0]).toBeCloseTo(2 * (0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6), 6);
    expect(randomApply(brighten, 0)(image, SeededRandom.fromSeed(1))).toBe(image);
    expect(randomApply(brighten, 1)(image, SeededRandom.fromSeed(1)).data[0]).toBeCloseTo(0.4, 6);
    expect(() => randomApply(brighten, 1.5)).toThrow(/probability/);
  });
});
