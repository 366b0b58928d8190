import type { TextTokenizer } from '../../tokenizer/index.js';

/**
 * A test tokenizer: pad 0, one id per lower-case letter or space, start-of-text `vocabSize − 2`,
 * end-of-text `vocabSize − 1` (the highest id, as the text tower's pooling needs).
 */
export class CharacterTokenizer implements TextTokenizer {
  readonly padId = 0;
  readonly startOfTextId: number;
  readonly endOfTextId: number;

  constructor(
    readonly vocabSize: number,
    readonly contextLength: number,
  ) {
    if (vocabSize < 30) throw new Error('CharacterTokenizer needs vocabSize ≥ 30');
    this.startOfTextId = vocabSize - 2;
    this.endOfTextId = vocabSize - 1;
  }

  encode(text: string): number[] {
    const ids = [...text.toLowerCase()].map((character) =>
      character === ' ' ? 27 : Math.max(1, Math.min(26, character.charCodeAt(0) - 96)),
    );
    return [this.startOfTextId, ...ids, this.endOfTextId];
  }

  encodeBatch(texts: readonly string[]): Int32Array {
    const out = new Int32Array(texts.length * this.contextLength);
    texts.forEach((text, row) => {
      let ids = this.encode(text);
      if (ids.length > this.contextLength) ids = [...ids.slice(0, this.contextLength - 1), this.endOfTextId];
      out.set(ids, row * this.contextLength);
    });
    return out;
  }
}
