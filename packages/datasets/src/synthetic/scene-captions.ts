import type { SeededRandom } from '@mmpoison/core-tensor';
import type { NamedColour } from './colour-palette.js';
import type { NounPhrase, ShapeClass } from './shape-catalogue.js';
import type { SceneObject, SyntheticScene } from './synthetic-scene.js';

/** Number of captions per image, as in COCO and Flickr30k. */
export const captionsPerImage = 5;

type Template = (words: CaptionWords) => string;

/** Draws the synonyms of one caption, so every caption of an image can word things differently. */
class CaptionWords {
  constructor(
    readonly scene: SyntheticScene,
    readonly classes: readonly ShapeClass[],
    readonly random: SeededRandom,
  ) {}

  private get primary(): readonly SceneObject[] {
    return this.scene.objects.filter((object) => object.primary);
  }

  private get distractors(): readonly SceneObject[] {
    return this.scene.objects.filter((object) => !object.primary);
  }

  get hasDistractors(): boolean {
    return this.distractors.length > 0;
  }

  get count(): number {
    return this.scene.primaryCount;
  }

  colourWord(colour: NamedColour): string {
    // The plain word half of the time, so colour words stay learnable.
    return this.random.bernoulli(0.5) ? colour.name : this.random.choice(colour.words);
  }

  sizeWord(): string {
    const size = this.primary[0]?.size ?? 'large';
    return this.random.choice(size === 'small' ? ['small', 'tiny', 'little'] : ['large', 'big']);
  }

  /** A phrase for the labelled objects: "two small crimson stars", "a star", "three pointers". */
  group(options: { readonly size?: boolean; readonly colour?: boolean; readonly count?: boolean }): string {
    const shape = this.classes[this.scene.label]!;
    const noun = this.random.bernoulli(0.6) ? shape.nouns[0]! : this.random.choice(shape.nouns);
    return this.phrase(noun, this.count, {
      ...(options.size ? { size: this.sizeWord() } : {}),
      ...(options.colour ? { colour: this.colourWord(this.primary[0]!.colour) } : {}),
      count: options.count ?? true,
    });
  }

  /** The labelled objects described without the class word: "two red five-pointed shapes". */
  description(colour: boolean): string {
    const shape = this.classes[this.scene.label]!;
    return this.phrase(this.random.choice(shape.descriptions), this.count, {
      ...(colour ? { colour: this.colourWord(this.primary[0]!.colour) } : {}),
      count: true,
    });
  }

  /** The labelled objects by a visual property alone: "a red shape with five pointed tips". */
  shapeWithProperty(): string {
    const property = this.random.choice(this.classes[this.scene.label]!.knowledgeElements);
    const shape = this.phrase({ singular: 'shape', plural: 'shapes' }, this.count, {
      colour: this.colourWord(this.primary[0]!.colour),
      count: true,
    });
    return `${shape} with ${property}`;
  }

  /** The distractors: "a green circle and a tiny blue ring". */
  distractorList(): string {
    return this.distractors
      .map((object) => {
        const shape = this.classes[object.classIndex]!;
        return this.phrase(this.random.choice(shape.nouns), 1, {
          ...(this.random.bernoulli(0.7) ? { colour: this.colourWord(object.colour) } : {}),
          count: true,
        });
      })
      .join(' and ');
  }

  private phrase(
    noun: NounPhrase,
    count: number,
    options: { readonly size?: string; readonly colour?: string; readonly count: boolean },
  ): string {
    const body = [options.size, options.colour, count === 1 ? noun.singular : noun.plural]
      .filter((word) => word !== undefined)
      .join(' ');
    if (!options.count) return count === 1 ? withArticle(body) : body;
    if (count === 1) {
      const word = this.random.choice(['a', 'a', 'one', 'a single']);
      return word === 'a' ? withArticle(body) : `${word} ${body}`;
    }
    const words = count === 2 ? ['two', 'two', 'a pair of'] : ['three', 'three', 'a group of three'];
    return `${this.random.choice(words)} ${body}`;
  }

  background(): string {
    const background = this.scene.background;
    const first = this.colourWord(background.colour);
    const second = this.colourWord(background.secondColour);
    switch (background.texture) {
      case 'plain':
        return this.random.choice([
          `a plain ${first} background`,
          `a ${first} background`,
          `a flat ${first} backdrop`,
        ]);
      case 'stripes':
        return this.random.choice([
          `a striped ${first} and ${second} background`,
          `${second} stripes on ${first}`,
        ]);
      case 'dots':
        return this.random.choice([`a dotted ${first} background`, `${second} polka dots on ${first}`]);
      case 'gradient':
        return this.random.choice([
          `a ${first} to ${second} gradient`,
          `a fading ${first} and ${second} background`,
        ]);
      case 'noise':
        return this.random.choice([`a noisy ${first} background`, `a grainy ${first} backdrop`]);
    }
  }

  position(): string {
    const object = this.primary[0]!;
    const third = this.scene.imageSize / 3;
    const column = object.x < third ? 'left' : object.x > 2 * third ? 'right' : 'middle';
    const row = object.y < third ? 'top' : object.y > 2 * third ? 'bottom' : 'middle';
    if (this.count > 1) return this.random.choice(['scattered around', 'side by side', 'in the picture']);
    if (row === 'middle' && column === 'middle')
      return this.random.choice(['in the centre', 'in the middle']);
    if (row === 'middle') return `on the ${column}`;
    if (column === 'middle') return `at the ${row}`;
    return `in the ${row} ${column} corner`;
  }

  picture(): string {
    return this.random.choice(['picture', 'photo', 'drawing', 'image', 'rendering']);
  }
}

const withArticle = (body: string) => `${/^[aeiou]/.test(body) ? 'an' : 'a'} ${body}`;

/**
 * Caption templates. Most name the class word or a synonym so retrieval is learnable; two describe
 * the objects without it, and several mention distractors first, so the class is not always the
 * first noun.
 */
const templates: readonly Template[] = [
  (w) => `${w.group({ size: true, colour: true })} on ${w.background()}`,
  (w) => `a ${w.picture()} of ${w.group({ colour: true })}`,
  (w) =>
    w.hasDistractors
      ? `${w.group({ colour: true })} and ${w.distractorList()}`
      : `${w.group({ colour: true })} ${w.position()}`,
  (w) =>
    w.hasDistractors
      ? `${w.distractorList()} next to ${w.group({ size: true })}`
      : `${w.group({ size: true })} against ${w.background()}`,
  (w) => `an image showing ${w.description(w.random.bernoulli(0.5))}`,
  (w) =>
    `there ${w.count === 1 ? 'is' : 'are'} ${w.group({ colour: w.random.bernoulli(0.5) })} in this ${w.picture()}`,
  (w) => `${w.group({ colour: true, count: false })}`,
  (w) =>
    `${w.random.choice(['a simple', 'a busy', 'a small'])} scene with ${w.group({ size: true, colour: true })}`,
  (w) => w.shapeWithProperty(),
  (w) => `a simple icon of ${w.group({ colour: true })} ${w.position()}`,
  (w) => `${w.group({ size: true, colour: true })}`,
  (w) => `${w.background()} with ${w.group({ count: true })} on it`,
];

/**
 * Five different captions of a scene, drawn from the templates with synonyms. Deterministic for a
 * given `random`.
 */
export function sceneCaptions(
  scene: SyntheticScene,
  classes: readonly ShapeClass[],
  random: SeededRandom,
): string[] {
  const words = new CaptionWords(scene, classes, random);
  const captions: string[] = [];
  const order = random.permutation(templates.length);
  // Templates run in a random order until five distinct captions exist; a second pass re-draws
  // synonyms if a short template happened to repeat a caption.
  for (let pass = 0; pass < 4 && captions.length < captionsPerImage; pass++) {
    for (const index of order) {
      if (captions.length >= captionsPerImage) break;
      const caption = templates[index]!(words);
      if (!captions.includes(caption)) captions.push(caption);
    }
  }
  return captions;
}
