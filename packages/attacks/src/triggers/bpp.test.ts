import { describe, expect, it } from 'vitest';
import { constantImage, randomImage } from '../__fixtures__/test-images.js';
import { bpp } from './bpp.js';

function mean(values: Float32Array): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('bpp', () => {
  it('outputs only the allowed levels and keeps the mean brightness', () => {
    const image = randomImage(32, 32, 4);
    for (const levels of [2, 4, 8]) {
      const out = bpp({ levels }).apply(image, { id: 'a' });
      const offLevel = out.data.reduce((worst, value) => {
        const step = value * (levels - 1);
        return Math.max(worst, Math.abs(step - Math.round(step)));
      }, 0);
      expect(offLevel).toBeLessThan(1e-5);
      expect(Math.min(...out.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out.data)).toBeLessThanOrEqual(1);
      expect(new Set(out.data).size).toBe(levels);
      expect(Math.abs(mean(out.data) - mean(image.data))).toBeLessThan(0.01);
    }
  });

  it('dithers: a flat 0.5 with 2 levels becomes half black, half white instead of all white', () => {
    const flat = constantImage(16, 16, [0.5, 0.3, 0.9]);
    const dithered = bpp({ bits: 1 }).apply(flat, { id: 'a' });
    const channel = (image: Float32Array, c: number) => image.filter((_, i) => i % 3 === c);
    expect(mean(channel(dithered.data, 0))).toBeCloseTo(0.5, 1);
    expect(mean(channel(dithered.data, 1))).toBeCloseTo(0.3, 1);
    expect(mean(channel(dithered.data, 2))).toBeCloseTo(0.9, 1);
    const rounded = bpp({ bits: 1, dither: false }).apply(flat, { id: 'a' });
    expect(mean(channel(rounded.data, 0))).toBe(1);
    expect(mean(channel(rounded.data, 1))).toBe(0);
  });

  it('bits and levels agree, and bad values are refused', () => {
    const image = randomImage(6, 6, 1);
    expect(bpp({ bits: 3 }).apply(image, { id: 'a' }).data).toEqual(
      bpp({ levels: 8 }).apply(image, { id: 'b' }).data,
    );
    expect(bpp().options.levels).toBe(8);
    expect(() => bpp({ levels: 1 })).toThrow(/levels/);
    expect(() => bpp({ levels: 4, bits: 3 })).toThrow(/levels or bits/);
  });
});
