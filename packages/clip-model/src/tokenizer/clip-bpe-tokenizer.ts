import { type BpeMerge, BytePairEncoding, endOfWordSuffix } from './byte-pair-encoding.js';
import { byteCharactersInVocabularyOrder, fromByteCharacters } from './byte-unicode-table.js';
import { cleanClipText } from './clip-text-cleaning.js';
import { splitClipWords } from './clip-word-splitter.js';
import type { TextTokenizer } from './text-tokenizer.js';

export const clipStartOfTextToken = '<|startoftext|>';
export const clipEndOfTextToken = '<|endoftext|>';
/** OpenAI CLIP's context length. */
export const clipContextLength = 77;

export interface ClipBpeTokenizerOptions {
  /** Symbol → id, ids 0…N−1 without gaps, end-of-text the largest. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Merge rules, highest priority first. */
  readonly merges: readonly BpeMerge[];
  /** Tokens per text with both markers; 77 by default. */
  readonly contextLength?: number;
  readonly startOfTextToken?: string;
  readonly endOfTextToken?: string;
  /** Id that fills a row after end-of-text; 0 by default, as OpenAI's `clip.tokenize`. */
  readonly padId?: number;
  /** Where the vocabulary came from, for error messages (a file path, say). */
  readonly source?: string;
}

/**
 * CLIP's byte-level BPE tokenizer (OpenAI's simple_tokenizer.py): clean the text
 * (`cleanClipText`), split it into words (`splitClipWords`), spell each word's UTF-8 bytes with the
 * byte characters, merge by rank, look the symbols up, and wrap the ids in start- and end-of-text.
 *
 * Build it from files with `loadTokenizer`, or from a corpus with `buildBpeTokenizerFromCorpus`.
 * The constructor checks the vocabulary and merges and throws naming `source` and the first
 * offending entry.
 */
export class ClipBpeTokenizer implements TextTokenizer {
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly startOfTextId: number;
  readonly endOfTextId: number;
  readonly padId: number;
  readonly startOfTextToken: string;
  readonly endOfTextToken: string;
  readonly vocabulary: ReadonlyMap<string, number>;
  readonly merges: readonly BpeMerge[];
  readonly #symbols: readonly string[];
  readonly #encoding: BytePairEncoding;

  constructor(options: ClipBpeTokenizerOptions) {
    const source = options.source ?? 'tokenizer';
    const { vocabulary, merges } = options;
    this.vocabulary = vocabulary;
    this.merges = merges;
    this.vocabSize = vocabulary.size;
    this.contextLength = options.contextLength ?? clipContextLength;
    this.startOfTextToken = options.startOfTextToken ?? clipStartOfTextToken;
    this.endOfTextToken = options.endOfTextToken ?? clipEndOfTextToken;
    this.padId = options.padId ?? 0;

    if (!Number.isInteger(this.contextLength) || this.contextLength < 2) {
      throw new Error(`${source}: context length must be an integer ≥ 2, got ${this.contextLength}`);
    }
    const symbols = new Array<string>(this.vocabSize);
    for (const [symbol, id] of vocabulary) {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new Error(
          `${source}: id ${id} of ${JSON.stringify(symbol)} is outside 0…${this.vocabSize - 1} (ids must be 0…N−1 without gaps)`,
        );
      }
      if (symbols[id] !== undefined) {
        throw new Error(
          `${source}: id ${id} is given to both ${JSON.stringify(symbols[id])} and ${JSON.stringify(symbol)}`,
        );
      }
      symbols[id] = symbol;
    }
    this.#symbols = symbols;
    this.startOfTextId = requireSymbol(vocabulary, this.startOfTextToken, source, 'start-of-text token');
    this.endOfTextId = requireSymbol(vocabulary, this.endOfTextToken, source, 'end-of-text token');
    if (this.endOfTextId !== this.vocabSize - 1) {
      // The text tower pools at the argmax id of a row, which must be end-of-text.
      throw new Error(
        `${source}: end-of-text ${JSON.stringify(this.endOfTextToken)} has id ${this.endOfTextId}, but it must be the largest id (${this.vocabSize - 1})`,
      );
    }
    if (!Number.isInteger(this.padId) || this.padId < 0 || this.padId >= this.vocabSize) {
      throw new Error(`${source}: pad id ${this.padId} is outside 0…${this.vocabSize - 1}`);
    }
    for (const character of byteCharactersInVocabularyOrder) {
      requireSymbol(vocabulary, character, source, 'byte symbol');
      requireSymbol(vocabulary, character + endOfWordSuffix, source, 'byte symbol');
    }
    merges.forEach(([first, second], rank) => {
      if (!vocabulary.has(first + second)) {
        throw new Error(
          `${source}: merge ${rank + 1} ("${first} ${second}") makes ${JSON.stringify(first + second)}, which is not in the vocabulary`,
        );
      }
    });
    this.#encoding = new BytePairEncoding(vocabulary, merges);
  }

  /** The symbols of a text (without the markers), e.g. `['a</w>', 'photo</w>']`. */
  tokenize(text: string): string[] {
    return splitClipWords(cleanClipText(text)).flatMap((word) =>
      word === this.startOfTextToken || word === this.endOfTextToken ? [word] : this.#encoding.symbols(word),
    );
  }

  encode(text: string): number[] {
    const ids = [this.startOfTextId];
    for (const word of splitClipWords(cleanClipText(text))) {
      // A marker written in the text stays one token, as in the reference tokenizer.
      if (word === this.startOfTextToken) ids.push(this.startOfTextId);
      else if (word === this.endOfTextToken) ids.push(this.endOfTextId);
      else for (const id of this.#encoding.encodeWord(word)) ids.push(id);
    }
    ids.push(this.endOfTextId);
    return ids;
  }

  encodeBatch(texts: readonly string[]): Int32Array {
    const rows = new Int32Array(texts.length * this.contextLength).fill(this.padId);
    texts.forEach((text, row) => {
      const ids = this.encode(text);
      if (ids.length > this.contextLength) {
        // OpenAI's `clip.tokenize(truncate=True)`: cut, then put end-of-text back as the last token.
        ids.length = this.contextLength;
        ids[this.contextLength - 1] = this.endOfTextId;
      }
      rows.set(ids, row * this.contextLength);
    });
    return rows;
  }

  /**
   * Text back from ids: start-of-text markers are dropped and decoding stops at the first
   * end-of-text (what follows in a row is padding, and the text tower reads nothing past it).
   * Words come back separated by single spaces, so `"hello, world!"` decodes as
   * `"hello , world !"` (the reference joins the same way; its trailing space is dropped here).
   */
  decode(ids: ArrayLike<number>): string {
    let spelled = '';
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index] as number;
      if (id === this.endOfTextId) break;
      if (id === this.startOfTextId) continue;
      const symbol = this.#symbols[id];
      if (symbol === undefined) {
        throw new Error(
          `decode: id ${id} at position ${index} is outside the vocabulary (0…${this.vocabSize - 1})`,
        );
      }
      spelled += symbol;
    }
    // Every word ends with `</w>` after whole UTF-8 characters, so the words decode one by one.
    const words = spelled.split(endOfWordSuffix);
    if (words[words.length - 1] === '') words.pop();
    return words.map(fromByteCharacters).join(' ');
  }
}

function requireSymbol(
  vocabulary: ReadonlyMap<string, number>,
  symbol: string,
  source: string,
  what: string,
): number {
  const id = vocabulary.get(symbol);
  if (id === undefined)
    throw new Error(`${source}: the vocabulary lacks the ${what} ${JSON.stringify(symbol)}`);
  return id;
}
