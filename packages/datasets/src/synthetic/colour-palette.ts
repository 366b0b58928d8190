/** A colour the synthetic benchmark paints with, and the words captions may use for it. */
export interface NamedColour {
  /** The plain colour word (`"red"`). */
  readonly name: string;
  /** Words a caption may use instead, the plain word first (`["red", "crimson", "scarlet"]`). */
  readonly words: readonly string[];
  /** The base sRGB value, 0–255 per channel; renders jitter it slightly. */
  readonly rgb: readonly [number, number, number];
}

/**
 * Twelve well-separated colours. Captions name them with synonyms so the text side has to learn that
 * "crimson" and "red" look alike, as real captions do.
 */
export const colourPalette: readonly NamedColour[] = [
  { name: 'red', words: ['red', 'crimson', 'scarlet'], rgb: [214, 32, 39] },
  { name: 'orange', words: ['orange', 'tangerine'], rgb: [245, 130, 32] },
  { name: 'yellow', words: ['yellow', 'golden', 'lemon'], rgb: [244, 220, 38] },
  { name: 'green', words: ['green', 'emerald'], rgb: [36, 160, 70] },
  { name: 'cyan', words: ['cyan', 'turquoise', 'aqua'], rgb: [40, 200, 210] },
  { name: 'blue', words: ['blue', 'azure', 'cobalt'], rgb: [38, 78, 214] },
  { name: 'purple', words: ['purple', 'violet'], rgb: [128, 48, 180] },
  { name: 'pink', words: ['pink', 'rose'], rgb: [242, 120, 180] },
  { name: 'brown', words: ['brown', 'chocolate'], rgb: [120, 72, 36] },
  { name: 'white', words: ['white', 'ivory'], rgb: [245, 245, 240] },
  { name: 'black', words: ['black', 'dark'], rgb: [22, 22, 26] },
  { name: 'grey', words: ['grey', 'gray', 'silver'], rgb: [140, 140, 140] },
];

/** Euclidean distance between two sRGB triples (0–255), to keep objects visible on backgrounds. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0));
}

/** `rgb(r,g,b)` for SVG, with channels rounded and clamped to 0–255. */
export function svgColour(rgb: readonly number[]): string {
  const channel = (value: number | undefined) => Math.max(0, Math.min(255, Math.round(value ?? 0)));
  return `rgb(${channel(rgb[0])},${channel(rgb[1])},${channel(rgb[2])})`;
}
