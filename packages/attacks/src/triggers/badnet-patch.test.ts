import { describe, expect, it } from 'vitest';
import { constantImage, maxDifference, randomImage } from '../__fixtures__/test-images.js';
import { badNetPatch, effectivePatchSize } from './badnet-patch.js';
import { resizeBilinear } from './resize-bilinear.js';

function insidePatch(x: number, y: number, region: { x: number; y: number; size: number }): boolean {
  return x >= region.x && x < region.x + region.size && y >= region.y && y < region.y + region.size;
}

describe('badNetPatch', () => {
  it('changes only the patch pixels, which are the clipped noise plus the per-channel mean', () => {
    const trigger = badNetPatch({ seed: 7, size: 16, location: { x: 5, y: 9 }, noise: 'fixed' });
    const image = randomImage(80, 64, 3);
    const means = [0, 1, 2].map(
      (c) => image.data.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / (80 * 64),
    );
    const out = trigger.apply(image, { id: 'a' });
    const region = trigger.patchRegion(80, 64, { id: 'a' });
    expect(region).toEqual({ x: 5, y: 9, size: 16 });
    // The same fixed noise on a constant 0.5 image: patch − mean is the same noise wherever unclipped.
    const flat = trigger.apply(constantImage(80, 64, [0.5, 0.5, 0.5]), { id: 'b' });
    let compared = 0;
    let changedOutside = 0;
    let outOfRange = 0;
    let worstNoiseMismatch = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 80; x++) {
        for (let c = 0; c < 3; c++) {
          const i = (y * 80 + x) * 3 + c;
          if (!insidePatch(x, y, region)) {
            if (out.data[i] !== image.data[i]) changedOutside++;
            continue;
          }
          if (out.data[i]! < 0 || out.data[i]! > 1) outOfRange++;
          if (out.data[i]! > 0 && out.data[i]! < 1 && flat.data[i]! > 0 && flat.data[i]! < 1) {
            const noiseFromFlat = flat.data[i]! - 0.5;
            const noiseFromImage = out.data[i]! - means[c]!;
            worstNoiseMismatch = Math.max(worstNoiseMismatch, Math.abs(noiseFromImage - noiseFromFlat));
            compared++;
          }
        }
      }
    }
    expect(changedOutside).toBe(0);
    expect(outOfRange).toBe(0);
    expect(worstNoiseMismatch).toBeLessThan(1e-5);
    expect(compared).toBeGreaterThan(50);
  });

  it('does not modify its input and is deterministic per seed and image id', () => {
    const image = randomImage(40, 40, 4);
    const copy = new Float32Array(image.data);
    const a = badNetPatch({ seed: 1 }).apply(image, { id: 'x' });
    expect(image.data).toEqual(copy);
    expect(badNetPatch({ seed: 1 }).apply(image, { id: 'x' }).data).toEqual(a.data);
    expect(maxDifference(badNetPatch({ seed: 2 }).apply(image, { id: 'x' }), a)).toBeGreaterThan(0);
    // A random location and fresh noise per image id.
    const trigger = badNetPatch({ seed: 1, size: 4 });
    const places = new Set(
      ['p', 'q', 'r', 's', 't', 'u'].map((id) => JSON.stringify(trigger.patchRegion(40, 40, { id }))),
    );
    expect(places.size).toBeGreaterThan(1);
  });

  it('places a random patch fully inside the image', () => {
    const trigger = badNetPatch({ seed: 3, size: 16 });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const region = trigger.patchRegion(100, 70, { id });
      expect(region.size).toBe(16);
      expect(region.x).toBeGreaterThanOrEqual(0);
      expect(region.x + 16).toBeLessThanOrEqual(100);
      expect(region.y + 16).toBeLessThanOrEqual(70);
    }
  });

  it('caps the patch at a quarter of the shorter side on small images', () => {
    expect(effectivePatchSize(16, 224, 224)).toBe(16);
    expect(effectivePatchSize(16, 32, 32)).toBe(8);
    expect(effectivePatchSize(16, 40, 20)).toBe(5);
    expect(effectivePatchSize(16, 3, 3)).toBe(1);
    const region = badNetPatch({ seed: 1, location: { x: 30, y: 30 } }).patchRegion(32, 32, { id: 'a' });
    expect(region).toEqual({ x: 24, y: 24, size: 8 });
  });

  it('HTBA: the bilinearly resized 4×4 colour matrix at the top-left, the same on every image', () => {
    const trigger = badNetPatch({ seed: 5, kind: 'htba' });
    expect(trigger.options.location).toEqual({ x: 0, y: 0 });
    const first = trigger.apply(randomImage(64, 64, 1), { id: 'a' });
    const second = trigger.apply(constantImage(64, 64, [0, 0, 0]), { id: 'b' });
    let patchMismatches = 0;
    let changedOutside = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        for (let c = 0; c < 3; c++) {
          const i = (y * 64 + x) * 3 + c;
          if (x < 16 && y < 16) patchMismatches += first.data[i] === second.data[i] ? 0 : 1;
          else changedOutside += second.data[i] === 0 ? 0 : 1;
        }
      }
    }
    expect([patchMismatches, changedOutside]).toEqual([0, 0]);
    // The 16×16 patch is the 4×4 matrix grown bilinearly: resizing it back to 4×4 by sampling the
    // centres of each 4×4 block gives values between the block's corners, and the corner pixel
    // (0, 0) equals the matrix entry (0, 0) exactly (half-pixel centres clamp to it).
    const patch = { width: 16, height: 16, data: new Float32Array(16 * 16 * 3) };
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        for (let c = 0; c < 3; c++) patch.data[(y * 16 + x) * 3 + c] = second.data[(y * 64 + x) * 3 + c]!;
      }
    }
    const matrix = resizeBilinear(patch, 4, 4);
    const regrown = resizeBilinear(matrix, 16, 16);
    expect(maxDifference(regrown, patch)).toBeLessThan(0.35);
    expect(new Set(patch.data).size).toBeGreaterThan(40);
  });

  it('rejects bad options', () => {
    expect(() => badNetPatch({ size: 0 })).toThrow(/size/);
    expect(() => badNetPatch({ location: { x: -1, y: 0 } })).toThrow(/location/);
    expect(() =>
      badNetPatch().apply({ width: 2, height: 2, data: new Float32Array(3) }, { id: 'bad' }),
    ).toThrow(/'bad'.*12/);
  });
});

describe('resizeBilinear', () => {
  it('matches hand-computed half-pixel bilinear values (PyTorch align_corners=False)', () => {
    // A 2×1 image (values 0 and 1 in every channel) grown to 4×1: positions −0.25, 0.25, 0.75, 1.25
    // clamp to 0, 0.25, 0.75, 1.
    const image = { width: 2, height: 1, data: new Float32Array([0, 0, 0, 1, 1, 1]) };
    const out = resizeBilinear(image, 4, 1);
    expect(Array.from(out.data.filter((_, i) => i % 3 === 0))).toEqual([0, 0.25, 0.75, 1]);
  });

  it('is the identity at the same size', () => {
    const data = Float32Array.from({ length: 5 * 3 * 3 }, (_, i) => (i % 7) / 7);
    expect(resizeBilinear({ width: 5, height: 3, data }, 5, 3).data).toEqual(data);
  });
});
