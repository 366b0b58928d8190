import { svgColour } from './colour-palette.js';
import type { ShapeClass } from './shape-catalogue.js';
import type { SceneBackground, SyntheticScene } from './synthetic-scene.js';

const number = (value: number) => (Math.round(value * 100) / 100).toString();

/** The SVG document of a scene, sized `imageSize` pixels square, for librsvg (through sharp). */
export function sceneSvg(scene: SyntheticScene, classes: readonly ShapeClass[]): string {
  const size = scene.imageSize;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    backgroundSvg(scene.background, size),
  ];
  for (const mark of scene.clutter) {
    parts.push(
      `<line x1="${number(mark.x1)}" y1="${number(mark.y1)}" x2="${number(mark.x2)}" y2="${number(mark.y2)}" stroke="${svgColour(mark.rgb)}" stroke-width="${number(mark.width)}" stroke-linecap="round"/>`,
    );
  }
  for (const object of scene.objects) {
    const shape = classes[object.classIndex];
    if (!shape) throw new Error(`Scene object has class index ${object.classIndex}, beyond the classes`);
    parts.push(
      `<g transform="translate(${number(object.x)} ${number(object.y)}) rotate(${number(object.rotation)}) scale(${number(object.radius)})">${shape.svg(svgColour(object.rgb))}</g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function backgroundSvg(background: SceneBackground, size: number): string {
  const first = svgColour(background.colour.rgb);
  const second = svgColour(background.secondColour.rgb);
  const base = `<rect width="${size}" height="${size}" fill="${first}"/>`;
  const centre = size / 2;
  switch (background.texture) {
    case 'plain':
    case 'noise':
      return base;
    case 'stripes': {
      // Stripes cover a rotated square twice the image's size, so no corner is left bare.
      const stripes: string[] = [];
      const width = background.period / 2;
      for (let x = -size + (background.phase % background.period); x < 2 * size; x += background.period) {
        stripes.push(
          `<rect x="${number(x)}" y="${-size}" width="${number(width)}" height="${3 * size}" fill="${second}"/>`,
        );
      }
      return `${base}<g transform="rotate(${background.angle} ${centre} ${centre})">${stripes.join('')}</g>`;
    }
    case 'dots': {
      const dots: string[] = [];
      const radius = Math.max(0.7, background.period * 0.2);
      const offset = background.phase % background.period;
      let row = 0;
      for (let y = offset - background.period; y < size + background.period; y += background.period, row++) {
        const shift = row % 2 === 0 ? 0 : background.period / 2;
        for (
          let x = offset - background.period + shift;
          x < size + background.period;
          x += background.period
        ) {
          dots.push(`<circle cx="${number(x)}" cy="${number(y)}" r="${number(radius)}" fill="${second}"/>`);
        }
      }
      return `${base}${dots.join('')}`;
    }
    case 'gradient': {
      const radians = (background.angle * Math.PI) / 180;
      const dx = (Math.cos(radians) * size) / 2;
      const dy = (Math.sin(radians) * size) / 2;
      return (
        `<defs><linearGradient id="background" gradientUnits="userSpaceOnUse" x1="${number(centre - dx)}" y1="${number(centre - dy)}" x2="${number(centre + dx)}" y2="${number(centre + dy)}">` +
        `<stop offset="0" stop-color="${first}"/><stop offset="1" stop-color="${second}"/></linearGradient></defs>` +
        `<rect width="${size}" height="${size}" fill="url(#background)"/>`
      );
    }
  }
}
