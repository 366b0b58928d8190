import { toByteCharacters } from './byte-unicode-table.js';

/** Marks the last symbol of a word, so `a</w>` (the word "a") and `a` (inside a word) differ. */
export const endOfWordSuffix = '</w>';

/** One merge rule: two adjacent symbols that become one. Its rank is its index in the list. */
export type BpeMerge = readonly [first: string, second: string];

/** Symbols never contain a space (the space byte is spelled `Ġ`), so a space joins a pair key. */
function pairKey(first: string, second: string): string {
  return `${first} ${second}`;
}

/** The merged cache is cleared when it reaches this many words, so memory stays bounded. */
const maximumCachedWords = 100_000;

/**
 * Byte-level BPE over one word at a time, as `SimpleTokenizer.bpe` in OpenAI's CLIP: split the
 * word's byte characters into symbols (the last one carrying `</w>`), then repeatedly merge every
 * occurrence of the adjacent pair with the lowest merge rank until no ranked pair is left.
 * Results are cached per word, as in the reference.
 */
export class BytePairEncoding {
  readonly #ranks: Map<string, number>;
  readonly #vocabulary: ReadonlyMap<string, number>;
  readonly #cache = new Map<string, readonly number[]>();

  /**
   * @param vocabulary symbol → id; must hold every byte character with and without `</w>` and the
   *   result of every merge (the loaders check this and name the file that breaks it).
   * @param merges merge rules, highest priority first.
   */
  constructor(vocabulary: ReadonlyMap<string, number>, merges: readonly BpeMerge[]) {
    this.#vocabulary = vocabulary;
    this.#ranks = new Map();
    // A duplicated rule keeps its last rank, as Python's `dict(zip(merges, range(...)))` does.
    merges.forEach(([first, second], rank) => {
      this.#ranks.set(pairKey(first, second), rank);
    });
  }

  /** The symbols of one pre-tokenised word (plain text, not yet byte-spelled). */
  symbols(word: string): string[] {
    return this.#merge(toByteCharacters(word));
  }

  /** The ids of one pre-tokenised word. */
  encodeWord(word: string): readonly number[] {
    const cached = this.#cache.get(word);
    if (cached !== undefined) return cached;
    const ids = this.symbols(word).map((symbol) => {
      const id = this.#vocabulary.get(symbol);
      if (id === undefined) {
        throw new Error(
          `byte-level BPE: symbol ${JSON.stringify(symbol)} of word ${JSON.stringify(word)} is not in the vocabulary`,
        );
      }
      return id;
    });
    if (this.#cache.size >= maximumCachedWords) this.#cache.clear();
    this.#cache.set(word, ids);
    return ids;
  }

  #merge(spelled: string): string[] {
    const characters = Array.from(spelled);
    if (characters.length === 0) return [];
    let word = characters.slice(0, -1);
    word.push(`${characters[characters.length - 1]}${endOfWordSuffix}`);
    while (word.length > 1) {
      let bestRank = Number.POSITIVE_INFINITY;
      let bestFirst = '';
      let bestSecond = '';
      for (let index = 0; index + 1 < word.length; index++) {
        const first = word[index] as string;
        const second = word[index + 1] as string;
        const rank = this.#ranks.get(pairKey(first, second));
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestFirst = first;
          bestSecond = second;
        }
      }
      if (bestRank === Number.POSITIVE_INFINITY) break;
      const merged: string[] = [];
      for (let index = 0; index < word.length; ) {
        if (index + 1 < word.length && word[index] === bestFirst && word[index + 1] === bestSecond) {
          merged.push(bestFirst + bestSecond);
          index += 2;
        } else {
          merged.push(word[index] as string);
          index += 1;
        }
      }
      word = merged;
    }
    return word;
  }
}
