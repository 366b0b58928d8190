import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodePng } from './encode-png.js';

describe('encodePng', () => {
  it('round-trips 8-bit levels exactly through decodeImage and clamps out-of-range values', async () => {
    const levels = [0, 1, 127, 128, 254, 255, 10, 20, 30, 200, 100, 50];
    const data = Float32Array.from(levels, (level) => level / 255);
    data[0] = -0.5; // clamps to 0
    data[5] = 1.7; // clamps to 255
    const png = await encodePng({ width: 2, height: 2, data });
    expect(Array.from(png.subarray(1, 4), (byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    const decoded = await decodeImage(png);
    expect(decoded.width).toBe(2);
    expect(Array.from(decoded.data, (value) => Math.round(value * 255))).toEqual(levels);
  });

  it('rejects pixel data of the wrong length', async () => {
    await expect(encodePng({ width: 2, height: 2, data: new Float32Array(11) })).rejects.toThrow(
      /2×2 RGB image needs 12 values, got 11/,
    );
  });
});
