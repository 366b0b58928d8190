import { describe, expect, it } from 'vitest';
import { constantImage, randomImage } from '../__fixtures__/test-images.js';
import { sig } from './sig.js';

describe('sig', () => {
  it('adds exactly Δ·sin(2π·j·f / W) along the columns, in every row and channel', () => {
    const width = 24;
    const out = sig().apply(constantImage(width, 5, [0.5, 0.5, 0.5]), { id: 'a' });
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < width; x++) {
        const expected = 0.5 + (60 / 255) * Math.sin((2 * Math.PI * x * 6) / width);
        for (let c = 0; c < 3; c++) expect(out.data[(y * width + x) * 3 + c]).toBeCloseTo(expected, 6);
      }
    }
    // Column 1 of a 24-wide image is at a quarter period of f = 6: the full amplitude.
    expect(out.data[3]! - 0.5).toBeCloseTo(60 / 255, 6);
  });

  it('clips to [0, 1] and follows the amplitude and frequency options', () => {
    const dark = sig({ amplitude: 0.3, frequency: 1 }).apply(constantImage(8, 1, [0, 0, 0]), { id: 'a' });
    for (let x = 0; x < 8; x++)
      expect(dark.data[x * 3]).toBeCloseTo(Math.max(0, 0.3 * Math.sin((2 * Math.PI * x) / 8)), 6);
    const image = randomImage(8, 8, 1);
    expect(sig({ seed: 1 }).apply(image, { id: 'a' }).data).toEqual(
      sig({ seed: 9 }).apply(image, { id: 'b' }).data,
    );
  });
});
