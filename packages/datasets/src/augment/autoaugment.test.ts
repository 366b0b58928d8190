import { type RgbImage, SeededRandom } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { autoAugment, autoAugmentMagnitude, imagenetAutoAugmentPolicy } from './autoaugment.js';
import {
  adjustSharpness,
  autoContrast,
  equalize,
  invert,
  posterize,
  rotate,
  shearX,
  solarize,
  translateX,
} from './autoaugment-operations.js';

function image(width: number, height: number, values: (x: number, y: number) => number): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.fill(values(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  return { width, height, data };
}

const at = (picture: RgbImage, x: number, y: number) => picture.data[(y * picture.width + x) * 3]!;

describe('AutoAugment operations', () => {
  it('solarizes values at or above the threshold', () => {
    const out = solarize(
      image(3, 1, (x) => [0.4, 0.5, 0.7][x]!),
      0.5,
    );
    expect([at(out, 0, 0), at(out, 1, 0), at(out, 2, 0)].map((v) => Number(v.toFixed(5)))).toEqual([
      0.4, 0.5, 0.3,
    ]);
  });

  it('posterizes by keeping the top bits of the 8-bit level', () => {
    const level = 0b10110111 / 255;
    const picture = image(1, 1, () => level);
    expect(at(posterize(picture, 4), 0, 0) * 255).toBeCloseTo(0b10110000, 4);
    expect(at(posterize(picture, 2), 0, 0) * 255).toBeCloseTo(0b10000000, 4);
    expect(at(posterize(picture, 8), 0, 0) * 255).toBeCloseTo(0b10110111, 4);
    expect(at(posterize(picture, 0), 0, 0)).toBe(0);
    expect(() => posterize(picture, 9)).toThrow(/bits/);
  });

  it('equalizes a two-level image to black and white, and leaves a too-small image alone', () => {
    const twoLevel = image(32, 32, (x) => (x < 16 ? 0.2 : 0.6));
    const out = equalize(twoLevel);
    expect(at(out, 0, 0)).toBe(0);
    expect(at(out, 31, 31)).toBe(1);
    const tiny = image(2, 2, (x) => (x === 0 ? 0.2 : 0.6));
    expect(equalize(tiny).data).toEqual(tiny.data.map((v) => Math.round(v * 255) / 255));
  });

  it('stretches each channel with auto-contrast and inverts', () => {
    const out = autoContrast(image(2, 1, (x) => (x === 0 ? 0.25 : 0.75)));
    expect([at(out, 0, 0), at(out, 1, 0)]).toEqual([0, 1]);
    expect(at(invert(image(1, 1, () => 0.25)), 0, 0)).toBe(0.75);
  });

  it('rotates counter-clockwise, shears and translates with black fill', () => {
    const marker = image(5, 5, (x, y) => (x === 4 && y === 2 ? 1 : 0.5));
    const rotated = rotate(marker, 90);
    expect(at(rotated, 2, 0)).toBe(1);
    expect(at(rotated, 4, 2)).toBe(0.5);
    const moved = translateX(marker, 2);
    expect(at(moved, 0, 0)).toBe(0);
    expect(at(moved, 2, 2)).toBe(0.5);
    expect(
      at(
        translateX(
          image(5, 1, (x) => x / 4),
          -1,
        ),
        0,
        0,
      ),
    ).toBe(0.25);
    const sheared = shearX(
      image(4, 3, (x) => x / 3),
      1,
    );
    // Row 1 reads one pixel to the right; the last pixel falls outside and is filled.
    expect([0, 1, 2, 3].map((x) => at(sheared, x, 1))).toEqual([1 / 3, 2 / 3, 1, 0].map(Math.fround));
  });

  it('sharpness 0 smooths interior pixels with the 13-weight kernel and keeps the border', () => {
    const spike = image(3, 3, (x, y) => (x === 1 && y === 1 ? 1 : 0));
    const smooth = adjustSharpness(spike, 0);
    expect(at(smooth, 1, 1)).toBeCloseTo(5 / 13, 6);
    expect(at(smooth, 0, 0)).toBe(0);
    expect(adjustSharpness(spike, 1).data).toEqual(spike.data);
  });
});

describe('autoAugment', () => {
  it('uses the 25 ImageNet sub-policies with torchvision magnitudes', () => {
    expect(imagenetAutoAugmentPolicy).toHaveLength(25);
    expect(imagenetAutoAugmentPolicy[0]).toEqual([
      { operation: 'Posterize', probability: 0.4, magnitude: 8 },
      { operation: 'Rotate', probability: 0.6, magnitude: 9 },
    ]);
    const posterizeBits = Array.from({ length: 10 }, (_, bin) =>
      autoAugmentMagnitude('Posterize', bin, 32, 32),
    );
    expect(posterizeBits).toEqual([8, 8, 7, 7, 6, 6, 5, 5, 4, 4]);
    expect(autoAugmentMagnitude('Rotate', 9, 32, 32)).toBe(30);
    expect(autoAugmentMagnitude('Solarize', 0, 32, 32)).toBe(1);
    expect(autoAugmentMagnitude('Solarize', 9, 32, 32)).toBe(0);
    expect(autoAugmentMagnitude('ShearX', 9, 32, 32)).toBeCloseTo(0.3, 10);
    expect(autoAugmentMagnitude('TranslateX', 9, 331, 10)).toBeCloseTo(150, 10);
    expect(autoAugmentMagnitude('Color', 9, 32, 32)).toBeCloseTo(0.9, 10);
  });

  it('applies each step with its probability', () => {
    const picture = image(4, 4, (x, y) => (x + 4 * y) / 15);
    const always = autoAugment([
      [
        { operation: 'Invert', probability: 1, magnitude: null },
        { operation: 'Solarize', probability: 0, magnitude: 9 },
      ],
    ]);
    for (let seed = 0; seed < 5; seed++) {
      expect(always(picture, SeededRandom.fromSeed(seed)).data).toEqual(invert(picture).data);
    }
    // Equalize with probability 0 then 0.8 (ImageNet sub-policy 13) changes the image about 80% of
    // the time.
    const subPolicy = autoAugment([imagenetAutoAugmentPolicy[12]!]);
    const skewed = image(32, 32, (x) => 0.3 + (0.2 * x) / 31);
    let changed = 0;
    for (let seed = 0; seed < 200; seed++) {
      const out = subPolicy(skewed, SeededRandom.fromSeed(seed));
      if (out.data.some((value, i) => Math.abs(value - skewed.data[i]!) > 1e-6)) changed++;
    }
    expect(changed / 200).toBeGreaterThan(0.7);
    expect(changed / 200).toBeLessThan(0.9);
  });
});
