import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RgbImage } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { decodeImage, loadRgbImage } from './decode-image.js';
import { ImageDecodeError } from './image-decode-error.js';

const IMAGES = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/images/', import.meta.url));

function pixel(image: RgbImage, x: number, y: number): number[] {
  const offset = (y * image.width + x) * 3;
  return Array.from(image.data.slice(offset, offset + 3));
}

function expectNear(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  for (const [i, value] of actual.entries())
    expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(tolerance);
}

describe('decodeImage', () => {
  it('decodes at native size to HWC floats in [0, 1]', async () => {
    const image = await decodeImage(`${IMAGES}halves-16x8.png`);
    expect([image.width, image.height, image.data.length]).toEqual([16, 8, 16 * 8 * 3]);
    expect(pixel(image, 7, 0)).toEqual([1, 0, 0]);
    expect(pixel(image, 8, 7)).toEqual([0, 0, 1]);
  });

  it('resizes the shortest side and crops the centre square', async () => {
    // 16×8 → shortest side already 8, so the crop keeps columns 4–11: four red, then four blue.
    const image = await decodeImage(`${IMAGES}halves-16x8.png`, { size: 8 });
    expect([image.width, image.height]).toEqual([8, 8]);
    for (let x = 0; x < 8; x++) expect(pixel(image, x, 3)).toEqual(x < 4 ? [1, 0, 0] : [0, 0, 1]);
  });

  it('stretches both sides with fit: stretch', async () => {
    const image = await decodeImage(`${IMAGES}halves-16x8.png`, { size: 4, fit: 'stretch' });
    expect([image.width, image.height]).toEqual([4, 4]);
    // Every source pixel under column 0 is red and under column 3 blue.
    expectNear(pixel(image, 0, 2), [1, 0, 0], 0.01);
    expectNear(pixel(image, 3, 2), [0, 0, 1], 0.01);
  });

  it('flattens alpha onto black by default and onto white on request', async () => {
    // RGBA (200, 100, 50, 128): over black c·128/255, over white c·a + 255·(1 − a).
    const alpha = 128 / 255;
    const black = await decodeImage(`${IMAGES}alpha-8x8.png`);
    const white = await decodeImage(`${IMAGES}alpha-8x8.png`, { background: 'white' });
    [200, 100, 50].forEach((channel, i) => {
      expect(Math.abs(pixel(black, 2, 2)[i]! - (channel * alpha) / 255)).toBeLessThanOrEqual(1 / 255);
      expect(
        Math.abs(pixel(white, 2, 2)[i]! - (channel * alpha + 255 * (1 - alpha)) / 255),
      ).toBeLessThanOrEqual(1 / 255);
    });
  });

  it('replicates a grey channel into RGB and reads lossless WebP exactly', async () => {
    const grey = await decodeImage(`${IMAGES}gray-8x8.png`);
    expect(grey.data.length).toBe(8 * 8 * 3);
    expect(pixel(grey, 1, 1)).toEqual([100 / 255, 100 / 255, 100 / 255].map(Math.fround));
    const webp = await decodeImage(`${IMAGES}lossless-8x8.webp`);
    expect(pixel(webp, 5, 5)).toEqual([10 / 255, 200 / 255, 30 / 255].map(Math.fround));
  });

  it('applies the EXIF orientation', async () => {
    // Stored 16×8 red|blue with orientation 6: displayed 8×16, red on top, blue below.
    const image = await decodeImage(`${IMAGES}rotated-16x8.jpg`);
    expect([image.width, image.height]).toEqual([8, 16]);
    expectNear(pixel(image, 4, 2), [1, 0, 0], 0.1);
    expectNear(pixel(image, 4, 13), [0, 0, 1], 0.1);
  });

  it('decodes bytes and loads files through loadRgbImage', async () => {
    const bytes = await readFile(`${IMAGES}halves-16x8.png`);
    const fromBytes = await decodeImage(bytes, { size: 8 });
    const fromFile = await loadRgbImage(`${IMAGES}halves-16x8.png`, { size: 8 });
    expect(fromBytes.data).toEqual(fromFile.data);
  });

  it('throws ImageDecodeError naming the file for truncated, non-image and missing files', async () => {
    const failures: [string, RegExp][] = [
      ['truncated.jpg', /premature end/i],
      ['not-an-image.jpg', /^not an image$/],
      ['missing.jpg', /^file not found$/],
    ];
    for (const [name, reason] of failures) {
      const error = await decodeImage(`${IMAGES}${name}`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImageDecodeError);
      expect((error as ImageDecodeError).path).toBe(`${IMAGES}${name}`);
      expect((error as ImageDecodeError).reason).toMatch(reason);
      expect((error as Error).message).toContain(name);
    }
    await expect(decodeImage(Buffer.from('nope'), { source: 'shard.tar#key.jpg' })).rejects.toThrow(
      /shard\.tar#key\.jpg: not an image/,
    );
  });

  it('rejects a size that is not a positive integer', async () => {
    await expect(decodeImage(`${IMAGES}halves-16x8.png`, { size: 0 })).rejects.toThrow(RangeError);
  });
});
