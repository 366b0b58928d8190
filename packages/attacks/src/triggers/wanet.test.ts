import { describe, expect, it } from 'vitest';
import { coordinateImage, maxDifference, randomImage } from '../__fixtures__/test-images.js';
import { wanet, wanetPresets } from './wanet.js';

describe('wanet', () => {
  it('is the identity when the strength is 0', () => {
    const image = randomImage(20, 20, 1);
    expect(wanet({ strength: 0, gridSize: 4 }).apply(image, { id: 'a' }).data).toEqual(image.data);
  });

  it('uses one fixed field for every image and call, read off a coordinate image', () => {
    const trigger = wanet({ seed: 11, preset: 'semantic-shield' });
    const coordinates = coordinateImage(32, 32);
    const first = trigger.apply(coordinates, { id: 'a' });
    expect(trigger.apply(coordinates, { id: 'another id' }).data).toEqual(first.data);
    expect(wanet({ seed: 11, preset: 'semantic-shield' }).apply(coordinates, { id: 'a' }).data).toEqual(
      first.data,
    );
    const { dx, dy } = trigger.warpField(32, 32);
    // Bilinear sampling of a linear ramp returns the sampling position itself: red·31 = x + dx.
    let moved = 0;
    let worst = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const pixel = y * 32 + x;
        const sourceX = Math.min(Math.max(x + dx[pixel]!, 0), 31);
        const sourceY = Math.min(Math.max(y + dy[pixel]!, 0), 31);
        worst = Math.max(
          worst,
          Math.abs(first.data[pixel * 3]! * 31 - sourceX),
          Math.abs(first.data[pixel * 3 + 1]! * 31 - sourceY),
        );
        if (Math.abs(dx[pixel]!) > 0.05) moved++;
      }
    }
    expect(worst).toBeLessThan(1e-3);
    expect(moved).toBeGreaterThan(100);
    // The same field warps any other image: two images, one field.
    const other = randomImage(32, 32, 9);
    expect(trigger.apply(other, { id: 'x' }).data).toEqual(trigger.apply(other, { id: 'y' }).data);
  });

  it('scales the displacement linearly with the strength, and the field depends on the seed', () => {
    const half = wanet({ seed: 2, gridSize: 4, strength: 0.5 }).warpField(16, 16);
    const full = wanet({ seed: 2, gridSize: 4, strength: 1 }).warpField(16, 16);
    for (let i = 0; i < half.dx.length; i++) {
      expect(full.dx[i]).toBeCloseTo(2 * half.dx[i]!, 5);
      expect(full.dy[i]).toBeCloseTo(2 * half.dy[i]!, 5);
    }
    const image = randomImage(16, 16, 3);
    const a = wanet({ seed: 2, gridSize: 4 }).apply(image, { id: 'a' });
    const b = wanet({ seed: 3, gridSize: 4 }).apply(image, { id: 'a' });
    expect(maxDifference(a, b)).toBeGreaterThan(0.01);
  });

  it('follows the control grid: with k equal to the image size the field is the normalised grid', () => {
    // Bicubic upsampling from k to k with aligned corners reproduces the grid, whose mean |value| is 1.
    const { dx, dy } = wanet({ seed: 4, gridSize: 8, strength: 1 }).warpField(8, 8);
    const scale = 7 / 16; // s · (size − 1) / (2 · size)
    const meanAbsolute = [...dx, ...dy].reduce((sum, value) => sum + Math.abs(value) / scale, 0) / 128;
    expect(meanAbsolute).toBeCloseTo(1, 5);
  });

  it('exposes the CleanCLIP and Semantic Shield presets', () => {
    expect(wanetPresets.cleanclip).toEqual({ gridSize: 224, strength: 1 });
    expect(wanetPresets['semantic-shield']).toEqual({ gridSize: 4, strength: 0.5 });
    expect(wanet().options).toMatchObject({ gridSize: 224, strength: 1, seed: 42 });
    expect(wanet({ preset: 'semantic-shield', strength: 0.25 }).options).toMatchObject({
      gridSize: 4,
      strength: 0.25,
    });
    // CleanCLIP's k = 224 also works on an image smaller than the grid.
    const small = randomImage(12, 12, 1);
    expect(maxDifference(wanet().apply(small, { id: 'a' }), small)).toBeGreaterThan(0);
  });
});
