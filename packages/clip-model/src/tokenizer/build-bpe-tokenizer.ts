import type { ProgressReporter } from '@mmpoison/core-tensor';
import { type BpeMerge, endOfWordSuffix } from './byte-pair-encoding.js';
import { byteCharactersInVocabularyOrder, toByteCharacters } from './byte-unicode-table.js';
import { ClipBpeTokenizer, clipEndOfTextToken, clipStartOfTextToken } from './clip-bpe-tokenizer.js';
import { cleanClipText } from './clip-text-cleaning.js';
import { splitClipWords } from './clip-word-splitter.js';

export interface BuildBpeTokenizerOptions {
  /**
   * Largest vocabulary wanted, markers included; at least 514 (256 bytes, 256 bytes + `</w>`, two
   * markers). Reached exactly unless the corpus runs out of pairs to merge first.
   */
  readonly vocabSize: number;
  /** Tokens per text with both markers (77 for CLIP; small models often use 16–32). */
  readonly contextLength: number;
  readonly progress?: ProgressReporter;
}

/** The fixed part of every byte-level vocabulary: bytes, bytes ending a word, two markers. */
const baseVocabularySize = 2 * 256 + 2;

interface CorpusWord {
  symbols: string[];
  readonly count: number;
}

/**
 * Learns a byte-level BPE tokenizer from captions, with CLIP's cleaning and word splitting, so a
 * small CLIP trained from scratch gets a vocabulary fitted to its data. Deterministic: at each step
 * the most frequent adjacent pair (counted over all words, weighted by how often each occurs) is
 * merged; ties go to the pair that sorts first by UTF-16 code units (first symbol, then second).
 * The vocabulary is laid out as CLIP's: byte characters, byte characters + `</w>`, one symbol per
 * merge, then start-of-text and end-of-text, so end-of-text has the largest id (the text tower
 * pools at the highest id of a row).
 */
export function buildBpeTokenizerFromCorpus(
  captions: readonly string[],
  options: BuildBpeTokenizerOptions,
): ClipBpeTokenizer {
  const { vocabSize, contextLength, progress } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < baseVocabularySize) {
    throw new Error(
      `buildBpeTokenizerFromCorpus: vocabSize must be an integer ≥ ${baseVocabularySize}, got ${vocabSize}`,
    );
  }
  const wordCounts = new Map<string, number>();
  captions.forEach((caption, index) => {
    if (typeof caption !== 'string') {
      throw new Error(
        `buildBpeTokenizerFromCorpus: caption ${index} is ${typeof caption}, expected a string`,
      );
    }
    for (const word of splitClipWords(cleanClipText(caption))) {
      if (word === clipStartOfTextToken || word === clipEndOfTextToken) continue;
      const spelled = toByteCharacters(word);
      wordCounts.set(spelled, (wordCounts.get(spelled) ?? 0) + 1);
    }
  });
  // Sorted so that the order of first appearance in the corpus cannot change anything.
  const words: CorpusWord[] = [...wordCounts]
    .sort((left, right) => compareCodeUnits(left[0], right[0]))
    .map(([spelled, count]) => {
      const characters = Array.from(spelled);
      const last = characters.pop() as string;
      return { symbols: [...characters, last + endOfWordSuffix], count };
    });

  const vocabulary = new Map<string, number>();
  for (const character of byteCharactersInVocabularyOrder) vocabulary.set(character, vocabulary.size);
  for (const character of byteCharactersInVocabularyOrder)
    vocabulary.set(character + endOfWordSuffix, vocabulary.size);

  const pairs = new PairStatistics(words);
  const merges: BpeMerge[] = [];
  const wantedSymbols = vocabSize - 2;
  const wantedMerges = wantedSymbols - vocabulary.size;
  const reportEvery = Math.max(1, Math.floor(wantedMerges / 20));
  while (vocabulary.size < wantedSymbols) {
    const best = pairs.mostFrequent();
    if (best === undefined) break;
    const [first, second] = best;
    pairs.merge(first, second);
    merges.push([first, second]);
    // Two merges can spell one symbol ("a"+"bc", "ab"+"c"): both rules stay, only the first adds an id.
    if (!vocabulary.has(first + second)) vocabulary.set(first + second, vocabulary.size);
    if (progress !== undefined && merges.length % reportEvery === 0) {
      progress.report({ task: 'learn BPE merges', done: merges.length, total: wantedMerges, unit: 'merges' });
    }
  }
  vocabulary.set(clipStartOfTextToken, vocabulary.size);
  vocabulary.set(clipEndOfTextToken, vocabulary.size);
  progress?.report({ task: 'learn BPE merges', done: merges.length, total: merges.length, unit: 'merges' });
  return new ClipBpeTokenizer({ vocabulary, merges, contextLength, source: 'buildBpeTokenizerFromCorpus' });
}

function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Weighted counts of adjacent symbol pairs and which words hold each pair, updated in place when a
 * pair is merged so that a merge costs time in the words it touches, not the whole corpus.
 */
class PairStatistics {
  readonly #words: CorpusWord[];
  readonly #counts = new Map<string, number>();
  readonly #holders = new Map<string, Set<number>>();

  constructor(words: CorpusWord[]) {
    this.#words = words;
    for (let index = 0; index < words.length; index++) this.#add(index, 1);
  }

  /**
   * The most frequent pair, ties to the smallest key; the key `a b` sorts as the pair (a, b)
   * because a space sorts before every byte character.
   */
  mostFrequent(): BpeMerge | undefined {
    let bestKey: string | undefined;
    let bestCount = 0;
    for (const [key, count] of this.#counts) {
      if (count > bestCount || (count === bestCount && bestKey !== undefined && key < bestKey)) {
        bestKey = key;
        bestCount = count;
      }
    }
    if (bestKey === undefined) return undefined;
    const space = bestKey.indexOf(' ');
    return [bestKey.slice(0, space), bestKey.slice(space + 1)];
  }

  merge(first: string, second: string): void {
    const holders = [...(this.#holders.get(`${first} ${second}`) ?? [])];
    for (const index of holders) {
      this.#add(index, -1);
      const word = this.#words[index] as CorpusWord;
      const merged: string[] = [];
      for (let position = 0; position < word.symbols.length; ) {
        if (word.symbols[position] === first && word.symbols[position + 1] === second) {
          merged.push(first + second);
          position += 2;
        } else {
          merged.push(word.symbols[position] as string);
          position += 1;
        }
      }
      word.symbols = merged;
      this.#add(index, 1);
    }
  }

  /** Adds (sign 1) or removes (sign −1) the pairs of one word. */
  #add(index: number, sign: 1 | -1): void {
    const word = this.#words[index] as CorpusWord;
    for (let position = 0; position + 1 < word.symbols.length; position++) {
      const key = `${word.symbols[position]} ${word.symbols[position + 1]}`;
      const count = (this.#counts.get(key) ?? 0) + sign * word.count;
      if (count === 0) {
        this.#counts.delete(key);
        this.#holders.delete(key);
        continue;
      }
      this.#counts.set(key, count);
      if (sign === 1) {
        let holders = this.#holders.get(key);
        if (holders === undefined) {
          holders = new Set();
          this.#holders.set(key, holders);
        }
        holders.add(index);
      }
    }
  }
}
