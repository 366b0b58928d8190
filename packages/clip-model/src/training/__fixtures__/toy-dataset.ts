import type { ImageCaptionDataset, ImageCaptionItem, ImageCaptionMeta, RgbImage } from '@mmpoison/core-tensor';
import { SeededRandom } from '@mmpoison/core-tensor';

/** Eight colours the toy images are painted in; the captions name them. */
export const TOY_COLOURS: ReadonlyArray<{ readonly name: string; readonly rgb: readonly [number, number, number] }> = [
  { name: 'red', rgb: [0.9, 0.1, 0.1] },
  { name: 'green', rgb: [0.1, 0.8, 0.2] },
  { name: 'blue', rgb: [0.1, 0.2, 0.9] },
  { name: 'yellow', rgb: [0.9, 0.9, 0.1] },
  { name: 'purple', rgb: [0.6, 0.1, 0.7] },
  { name: 'cyan', rgb: [0.1, 0.8, 0.8] },
  { name: 'orange', rgb: [1.0, 0.55, 0.0] },
  { name: 'white', rgb: [0.95, 0.95, 0.95] },
];

/** Every word the toy captions use, for the toy model's vocabulary. */
export const TOY_WORDS: readonly string[] = [
  ...TOY_COLOURS.map((colour) => colour.name),
  'a',
  'photo',
  'of',
  'square',
  'block',
  'picture',
];

/**
 * An in-memory dataset of coloured squares on a grey, noisy background: `perClass` images for each
 * of the eight colours, two captions each, labels = colour index. Loads count how often they ran.
 */
export class ToySquaresDataset implements ImageCaptionDataset {
  readonly size: number;
  readonly classNames = TOY_COLOURS.map((colour) => colour.name);
  loads = 0;
  private readonly metas: ImageCaptionMeta[] = [];
  private readonly images: RgbImage[] = [];

  constructor(options: { perClass: number; imageSize: number; seed: number; classes?: number }) {
    const random = SeededRandom.fromSeed(options.seed);
    const classes = options.classes ?? TOY_COLOURS.length;
    const size = options.imageSize;
    for (let i = 0; i < options.perClass * classes; i++) {
      const label = i % classes;
      const colour = TOY_COLOURS[label]!;
      const data = new Float32Array(size * size * 3);
      for (let p = 0; p < data.length; p++) data[p] = 0.5 + random.uniform(-0.1, 0.1);
      const side = Math.max(2, Math.floor(size * 0.6));
      const top = random.int(size - side + 1);
      const left = random.int(size - side + 1);
      for (let y = top; y < top + side; y++) {
        for (let x = left; x < left + side; x++) {
          for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = colour.rgb[c]!;
        }
      }
      this.images.push({ width: size, height: size, data });
      this.metas.push({
        id: `square-${i}`,
        captions: [`a photo of a ${colour.name} square`, `a ${colour.name} block`],
        label,
      });
    }
    this.size = this.metas.length;
  }

  meta(index: number): ImageCaptionMeta {
    const meta = this.metas[index];
    if (meta === undefined) throw new RangeError(`ToySquaresDataset: no record ${index}`);
    return meta;
  }

  async load(index: number): Promise<ImageCaptionItem> {
    this.loads++;
    return { ...this.meta(index), image: this.images[index]! };
  }
}
