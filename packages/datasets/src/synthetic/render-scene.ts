import type { SeededRandom } from '@mmpoison/core-tensor';
import sharp from 'sharp';
import { sceneSvg } from './scene-svg.js';
import type { ShapeClass } from './shape-catalogue.js';
import type { SyntheticScene } from './synthetic-scene.js';

/**
 * Renders a scene to 8-bit RGB pixels (`imageSize² × 3` bytes, row-major, channels last): the SVG
 * through librsvg, then the scene's per-pixel noise from `noiseRandom`. Pixels are kept as bytes so
 * the PNG written to disk and the image a dataset loads are exactly the same.
 */
export async function renderScene(
  scene: SyntheticScene,
  classes: readonly ShapeClass[],
  noiseRandom: SeededRandom,
): Promise<Uint8Array> {
  const svg = sceneSvg(scene, classes);
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== scene.imageSize || info.height !== scene.imageSize || info.channels !== 3) {
    throw new Error(
      `librsvg rendered a ${info.width}×${info.height}×${info.channels} image; expected ${scene.imageSize}×${scene.imageSize}×3`,
    );
  }
  const pixels = new Uint8Array(data);
  if (scene.noise > 0) {
    const spread = scene.noise * 255;
    for (let i = 0; i < pixels.length; i++) {
      pixels[i] = Math.max(0, Math.min(255, Math.round(pixels[i]! + spread * noiseRandom.normal())));
    }
  }
  return pixels;
}
