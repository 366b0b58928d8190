/** A noun phrase with its plural, so captions never have to guess English plurals. */
export interface NounPhrase {
  readonly singular: string;
  readonly plural: string;
}

/** How an object of a class may be turned when it is drawn. */
export type ShapeRotation = 'any' | 'slight' | 'quarter-turns';

/** One object class of the synthetic benchmark. */
export interface ShapeClass {
  /** The plain class word (`"star"`), usable as `{}` in prompt templates. */
  readonly name: string;
  /** Nouns captions may use for it, the class word first. */
  readonly nouns: readonly NounPhrase[];
  /** Descriptions that avoid the class word (`"five-pointed shape"`), for harder captions. */
  readonly descriptions: readonly NounPhrase[];
  /** Visual properties of the class, the knowledge elements Semantic Shield aligns patches with. */
  readonly knowledgeElements: readonly string[];
  readonly rotation: ShapeRotation;
  /** SVG markup of the shape centred at the origin, about one unit in radius, painted `colour`. */
  svg(colour: string): string;
}

const noun = (singular: string, plural = `${singular}s`): NounPhrase => ({ singular, plural });

function polygon(points: readonly (readonly [number, number])[], colour: string): string {
  const list = points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  return `<polygon points="${list}" fill="${colour}"/>`;
}

function regularPolygon(sides: number, radius: number, startDegrees: number): [number, number][] {
  return Array.from({ length: sides }, (_, i) => {
    const angle = ((startDegrees + (360 * i) / sides) * Math.PI) / 180;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

function starPoints(tips: number, outer: number, inner: number): [number, number][] {
  return Array.from({ length: 2 * tips }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (Math.PI * i) / tips;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

function round(value: number): string {
  return (Math.round(value * 1000) / 1000).toString();
}

const plusArm = 0.34;

/** The twelve classes, in class-index order. */
export const shapeCatalogue: readonly ShapeClass[] = [
  {
    name: 'circle',
    nouns: [noun('circle'), noun('disc'), noun('dot')],
    descriptions: [noun('round shape'), noun('perfectly round blob')],
    knowledgeElements: [
      'round outline',
      'no corners',
      'smooth curved edge',
      'solid filled disc',
      'equal width in every direction',
    ],
    rotation: 'any',
    svg: (colour) => `<circle r="0.95" fill="${colour}"/>`,
  },
  {
    name: 'square',
    nouns: [noun('square'), noun('box', 'boxes'), noun('square block')],
    descriptions: [
      noun('four-sided block'),
      noun('shape with four equal sides', 'shapes with four equal sides'),
    ],
    knowledgeElements: [
      'four straight edges',
      'four right-angled corners',
      'equal side lengths',
      'flat top and bottom',
      'solid boxy outline',
    ],
    rotation: 'slight',
    svg: (colour) => `<rect x="-0.8" y="-0.8" width="1.6" height="1.6" fill="${colour}"/>`,
  },
  {
    name: 'triangle',
    nouns: [noun('triangle'), noun('triangular shape')],
    descriptions: [noun('three-cornered shape'), noun('shape with three sides', 'shapes with three sides')],
    knowledgeElements: [
      'three straight edges',
      'three pointed corners',
      'pointed top',
      'wide flat base',
      'tapering outline',
    ],
    rotation: 'slight',
    svg: (colour) => polygon(regularPolygon(3, 1, -90), colour),
  },
  {
    name: 'star',
    nouns: [noun('star'), noun('five-pointed star'), noun('star shape')],
    descriptions: [noun('five-pointed shape'), noun('spiky shape')],
    knowledgeElements: [
      'five pointed tips',
      'spiky outline',
      'sharp points radiating from the centre',
      'notches between the points',
      'five-fold symmetric pattern',
    ],
    rotation: 'slight',
    svg: (colour) => polygon(starPoints(5, 1, 0.45), colour),
  },
  {
    name: 'heart',
    nouns: [noun('heart'), noun('heart shape'), noun('love heart')],
    descriptions: [
      noun('shape with two rounded lobes', 'shapes with two rounded lobes'),
      noun('valentine symbol'),
    ],
    knowledgeElements: [
      'two rounded lobes on top',
      'pointed bottom tip',
      'notch at the top centre',
      'curved sides',
      'mirror-symmetric halves',
    ],
    rotation: 'slight',
    svg: (colour) =>
      `<path d="M0,0.95 C-0.35,0.62 -1,0.22 -1,-0.32 C-1,-0.82 -0.42,-1.02 0,-0.56 C0.42,-1.02 1,-0.82 1,-0.32 C1,0.22 0.35,0.62 0,0.95 Z" fill="${colour}"/>`,
  },
  {
    name: 'cross',
    nouns: [noun('cross', 'crosses'), noun('plus sign'), noun('plus shape')],
    descriptions: [
      noun('shape with four arms', 'shapes with four arms'),
      noun('pair of crossing bars', 'pairs of crossing bars'),
    ],
    knowledgeElements: [
      'two crossing bars',
      'four arms of equal length',
      'right-angled inner corners',
      'plus sign outline',
      'thick straight arms',
    ],
    rotation: 'slight',
    svg: (colour) => {
      const a = plusArm;
      return polygon(
        [
          [-a, -1],
          [a, -1],
          [a, -a],
          [1, -a],
          [1, a],
          [a, a],
          [a, 1],
          [-a, 1],
          [-a, a],
          [-1, a],
          [-1, -a],
          [-a, -a],
        ],
        colour,
      );
    },
  },
  {
    name: 'ring',
    nouns: [noun('ring'), noun('hoop'), noun('donut')],
    descriptions: [noun('hollow round shape'), noun('circular band')],
    knowledgeElements: [
      'hollow centre',
      'round outline',
      'thick circular band',
      'background visible through the middle',
      'no corners',
    ],
    rotation: 'any',
    svg: (colour) => `<circle r="0.74" fill="none" stroke="${colour}" stroke-width="0.46"/>`,
  },
  {
    name: 'crescent',
    nouns: [noun('crescent'), noun('crescent moon'), noun('moon')],
    descriptions: [noun('curved sliver'), noun('shape with two horns', 'shapes with two horns')],
    knowledgeElements: [
      'thin curved body',
      'two pointed horns',
      'one convex and one concave edge',
      'partly covered disc',
      'moon-like outline',
    ],
    rotation: 'any',
    svg: (colour) =>
      `<path d="M0.533,-0.846 A1,1 0 1 0 0.533,0.846 A0.85,0.85 0 1 1 0.533,-0.846 Z" fill="${colour}"/>`,
  },
  {
    name: 'diamond',
    nouns: [noun('diamond'), noun('rhombus', 'rhombuses'), noun('lozenge')],
    descriptions: [noun('tall four-pointed shape'), noun('slanted four-sided shape')],
    knowledgeElements: [
      'four slanted edges',
      'pointed top and bottom',
      'tall narrow outline',
      'rhombus outline',
      'narrow side corners',
    ],
    rotation: 'slight',
    svg: (colour) =>
      polygon(
        [
          [0, -1],
          [0.62, 0],
          [0, 1],
          [-0.62, 0],
        ],
        colour,
      ),
  },
  {
    name: 'hexagon',
    nouns: [noun('hexagon'), noun('hexagonal tile')],
    descriptions: [noun('six-sided shape'), noun('honeycomb cell')],
    knowledgeElements: [
      'six straight edges',
      'six blunt corners',
      'nearly round outline',
      'flat sides',
      'honeycomb cell shape',
    ],
    rotation: 'slight',
    svg: (colour) => polygon(regularPolygon(6, 1, 0), colour),
  },
  {
    name: 'arrow',
    nouns: [noun('arrow'), noun('pointer'), noun('arrow sign')],
    descriptions: [noun('shape pointing one way', 'shapes pointing one way'), noun('direction sign')],
    knowledgeElements: [
      'long straight shaft',
      'triangular pointed head',
      'single pointed end',
      'narrow tail',
      'elongated outline',
    ],
    rotation: 'quarter-turns',
    svg: (colour) =>
      polygon(
        [
          [-1, -0.22],
          [0.15, -0.22],
          [0.15, -0.62],
          [1, 0],
          [0.15, 0.62],
          [0.15, 0.22],
          [-1, 0.22],
        ],
        colour,
      ),
  },
  {
    name: 'bolt',
    nouns: [noun('bolt'), noun('lightning bolt'), noun('thunderbolt')],
    descriptions: [noun('zigzag shape'), noun('jagged flash')],
    knowledgeElements: [
      'zigzag outline',
      'sharp diagonal edges',
      'pointed lower tip',
      'jagged bend in the middle',
      'lightning-like look',
    ],
    rotation: 'slight',
    svg: (colour) =>
      polygon(
        [
          [-0.05, -1],
          [0.6, -1],
          [0.2, -0.2],
          [0.6, -0.2],
          [-0.4, 1],
          [-0.1, 0.12],
          [-0.55, 0.12],
        ],
        colour,
      ),
  },
];

/** The class words of the catalogue, in class-index order. */
export const syntheticClassNames: readonly string[] = shapeCatalogue.map((shape) => shape.name);
