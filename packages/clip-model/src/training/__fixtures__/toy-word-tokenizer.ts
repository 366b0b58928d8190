import type { TextTokenizer } from '../../tokenizer/text-tokenizer.js';
import { TOY_WORDS } from './toy-dataset.js';

/**
 * A word-level tokenizer over the toy captions' words: pad 0, words 1…n, start-of-text n + 1,
 * end-of-text n + 2 (the highest id, where the text tower pools).
 */
export class ToyWordTokenizer implements TextTokenizer {
  readonly padId = 0;
  readonly startOfTextId = TOY_WORDS.length + 1;
  readonly endOfTextId = TOY_WORDS.length + 2;
  readonly vocabSize = TOY_WORDS.length + 3;
  readonly contextLength = 8;

  encode(text: string): number[] {
    const ids = text
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((word) => TOY_WORDS.includes(word))
      .map((word) => TOY_WORDS.indexOf(word) + 1);
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
