import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImageBytes, checkImageFile } from './check-image.js';

const IMAGES = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/images/', import.meta.url));

describe('checkImageFile', () => {
  it('accepts good images and reports their displayed size', async () => {
    expect(await checkImageFile(`${IMAGES}halves-16x8.png`)).toEqual({
      ok: true,
      format: 'png',
      width: 16,
      height: 8,
    });
    // EXIF orientation 6 swaps the stored 16×8 to a displayed 8×16.
    expect(await checkImageFile(`${IMAGES}rotated-16x8.jpg`)).toEqual({
      ok: true,
      format: 'jpeg',
      width: 8,
      height: 16,
    });
    expect(await checkImageFile(`${IMAGES}lossless-8x8.webp`)).toMatchObject({ ok: true, format: 'webp' });
  });

  it('catches a truncated JPEG whose header is intact, a non-image and a missing file', async () => {
    expect(await checkImageFile(`${IMAGES}truncated.jpg`)).toEqual({
      ok: false,
      reason: 'truncated JPEG (no end-of-image marker)',
    });
    expect(await checkImageFile(`${IMAGES}not-an-image.jpg`)).toEqual({ ok: false, reason: 'not an image' });
    expect(await checkImageFile(`${IMAGES}missing.jpg`)).toEqual({ ok: false, reason: 'file not found' });
    expect(await checkImageFile(IMAGES)).toEqual({ ok: false, reason: 'not a regular file' });
  });

  it('checks bytes in memory the same way, including cut-off PNG and WebP', async () => {
    const png = await readFile(`${IMAGES}halves-16x8.png`);
    expect(await checkImageBytes(png)).toMatchObject({ ok: true, width: 16 });
    expect(await checkImageBytes(png.subarray(0, png.length - 12))).toEqual({
      ok: false,
      reason: 'truncated PNG (no IEND chunk at the end)',
    });
    const webp = await readFile(`${IMAGES}lossless-8x8.webp`);
    const cut = await checkImageBytes(webp.subarray(0, webp.length - 4));
    expect(cut.ok).toBe(false);
    expect(await checkImageBytes(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty file' });
  });
});
