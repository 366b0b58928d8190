import { describe, expect, it } from 'vitest';
import { maxDifference, randomImage } from '../__fixtures__/test-images.js';
import { blended } from './blended.js';

describe('blended', () => {
  it('mixes 0.8·x with 0.2·n, n uniform in [0, 1): (x′ − 0.8x) / 0.2 recovers n', () => {
    const image = randomImage(20, 12, 2);
    const out = blended({ seed: 3 }).apply(image, { id: 'img-1' });
    const noise = Array.from(out.data, (value, i) => (value - 0.8 * image.data[i]!) / 0.2);
    expect(Math.min(...noise)).toBeGreaterThan(-1e-5);
    expect(Math.max(...noise)).toBeLessThan(1 + 1e-5);
    // Uniform noise: mean near 1/2, variance near 1/12 over 720 values.
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const variance = noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(variance).toBeGreaterThan(1 / 12 - 0.015);
    expect(variance).toBeLessThan(1 / 12 + 0.015);
  });

  it('honours the ratio option and the limits', () => {
    const image = randomImage(8, 8, 5);
    expect(blended({ ratio: 0 }).apply(image, { id: 'a' }).data).toEqual(image.data);
    const out = blended({ ratio: 0.5 }).apply(image, { id: 'a' });
    for (let i = 0; i < out.data.length; i++) {
      const noise = (out.data[i]! - 0.5 * image.data[i]!) / 0.5;
      expect(noise).toBeGreaterThan(-1e-5);
      expect(noise).toBeLessThan(1 + 1e-5);
    }
    expect(() => blended({ ratio: 1.5 })).toThrow(/ratio/);
  });

  it('draws fresh noise per image id, reproducibly from the seed', () => {
    const image = randomImage(8, 8, 5);
    const a = blended({ seed: 1 }).apply(image, { id: 'a' });
    expect(blended({ seed: 1 }).apply(image, { id: 'a' }).data).toEqual(a.data);
    expect(maxDifference(blended({ seed: 1 }).apply(image, { id: 'b' }), a)).toBeGreaterThan(0.01);
    expect(maxDifference(blended({ seed: 2 }).apply(image, { id: 'a' }), a)).toBeGreaterThan(0.01);
  });
});
