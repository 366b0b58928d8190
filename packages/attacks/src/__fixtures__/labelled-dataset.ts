import type { ImageCaptionDataset, ImageCaptionItem, ImageCaptionMeta, RgbImage } from '@mmpoison/core-tensor';

/** Class names of the fixture: captions name their class, so mention-based caption sources work. */
export const fixtureClassNames = ['cat', 'dog', 'sheep', 'aeroplane', 'banana'] as const;

export interface FixtureDataset extends ImageCaptionDataset {
  /** How many times `load` was called: attacks must not decode images while poisoning. */
  readonly loads: number;
}

export interface FixtureOptions {
  /** Records per class, in class order (default 10 each). */
  readonly perClass?: readonly number[];
  /** Image side in pixels (default 16). */
  readonly side?: number;
  /** Leave labels out (a caption-only dataset like Flickr30k). */
  readonly unlabelled?: boolean;
}

/**
 * A small labelled image–caption dataset in memory. Record `r` of class `c` has id `c<class>-<r>`,
 * three captions naming its class, and a deterministic image (a class colour plus a gradient), so a
 * test can tell which record's pixels it got. `load` returns fresh arrays every call.
 */
export function createFixtureDataset(options: FixtureOptions = {}): FixtureDataset {
  const perClass = options.perClass ?? fixtureClassNames.map(() => 10);
  const side = options.side ?? 16;
  const metas: ImageCaptionMeta[] = [];
  perClass.forEach((count, label) => {
    const name = fixtureClassNames[label]!;
    for (let r = 0; r < count; r++) {
      const captions = [`a ${name} number ${r} in the park.`, `the ${name} seen from the left side, shot ${r}.`, `my ${name}, photographed at noon on day ${r}.`];
      metas.push(
        options.unlabelled
          ? { id: `c${label}-${r}`, captions, source: `/images/c${label}-${r}.png` }
          : { id: `c${label}-${r}`, captions, label, source: `/images/c${label}-${r}.png` },
      );
    }
  });
  let loads = 0;
  const imageOf = (index: number): RgbImage => {
    const data = new Float32Array(side * side * 3);
    const label = metas[index]!.label ?? 0;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const offset = (y * side + x) * 3;
        data[offset] = (label + 1) / 6;
        data[offset + 1] = x / (side - 1);
        data[offset + 2] = ((index * 7 + y) % side) / (side - 1);
      }
    }
    return { width: side, height: side, data };
  };
  return {
    size: metas.length,
    classNames: options.unlabelled ? undefined : fixtureClassNames,
    get loads() {
      return loads;
    },
    meta(index) {
      const meta = metas[index];
      if (!meta) throw new RangeError(`fixture: index ${index} out of range [0, ${metas.length})`);
      return meta;
    },
    async load(index): Promise<ImageCaptionItem> {
      loads++;
      return { ...this.meta(index), image: imageOf(index) };
    },
  };
}
