import type { SeededRandom } from '@mmpoison/core-tensor';
import { edaStopWords } from './eda-stop-words.js';
import { type SynonymSource, wordnetSynonyms } from './wordnet-synonyms.js';

/*
 * EDA: Easy Data Augmentation (Wei & Zou, 2019, §2): synonym replacement, random insertion, random
 * swap and random deletion, each changing about α·(number of words) words. RoCLIP and CleanCLIP
 * augment captions with it.
 */

/**
 * EDA's text cleaning: apostrophes dropped, hyphens and anything that is not a letter turned into
 * spaces, lower case; then split into words.
 */
export function edaWords(sentence: string): string[] {
  return sentence
    .replace(/[’']/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, ' ')
    .split(' ')
    .filter((word) => word.length > 0);
}

/**
 * Replaces up to `n` distinct non-stop words (in random order; those without synonyms are skipped)
 * by a random synonym, every occurrence of a chosen word alike.
 */
export function synonymReplacement(
  words: readonly string[],
  n: number,
  random: SeededRandom,
  synonyms: SynonymSource = wordnetSynonyms(),
): string[] {
  let result = [...words];
  const candidates = random.shuffle([...new Set(words.filter((word) => !edaStopWords.has(word)))]);
  let replaced = 0;
  for (const word of candidates) {
    if (replaced >= n) break;
    const options = synonyms.synonyms(word);
    if (options.length === 0) continue;
    const synonym = random.choice(options);
    result = result.map((current) => (current === word ? synonym : current));
    replaced++;
  }
  // A synonym may be several words ("motor vehicle"): re-split, as EDA does.
  return result.join(' ').split(' ');
}

/**
 * `n` times: picks a random word with synonyms (giving up after ten words without any) and inserts
 * a random synonym of it at a random position.
 */
export function randomInsertion(
  words: readonly string[],
  n: number,
  random: SeededRandom,
  synonyms: SynonymSource = wordnetSynonyms(),
): string[] {
  const result = [...words];
  if (result.length === 0) return result;
  for (let i = 0; i < n; i++) {
    let options: readonly string[] = [];
    for (let tries = 0; tries < 10 && options.length === 0; tries++) {
      options = synonyms.synonyms(result[random.int(result.length)]!);
    }
    if (options.length === 0) break;
    result.splice(random.int(result.length + 1), 0, random.choice(options));
  }
  return result.join(' ').split(' ');
}

/** `n` times: swaps two words at distinct random positions (a no-op for fewer than two words). */
export function randomSwap(words: readonly string[], n: number, random: SeededRandom): string[] {
  const result = [...words];
  if (result.length < 2) return result;
  for (let i = 0; i < n; i++) {
    const first = random.int(result.length);
    let second = random.int(result.length - 1);
    if (second >= first) second++;
    const swap = result[first]!;
    result[first] = result[second]!;
    result[second] = swap;
  }
  return result;
}

/** Drops each word with probability `p`, keeping one random word if all would go. */
export function randomDeletion(words: readonly string[], p: number, random: SeededRandom): string[] {
  if (words.length <= 1) return [...words];
  const kept = words.filter(() => random.next() >= p);
  return kept.length > 0 ? kept : [words[random.int(words.length)]!];
}

export interface EdaOptions {
  /** Default rate of all four operations (default 0.1). */
  readonly alpha?: number;
  /** α of synonym replacement (default `alpha`). */
  readonly synonymReplacement?: number;
  /** α of random insertion (default `alpha`). */
  readonly randomInsertion?: number;
  /** α of random swap (default `alpha`). */
  readonly randomSwap?: number;
  /** Deletion probability (default `alpha`). */
  readonly randomDeletion?: number;
  /** How many augmented sentences to return, EDA's n_aug (default 1). */
  readonly augmentations?: number;
  readonly synonyms?: SynonymSource;
}

/**
 * EDA of one sentence: for each operation with a positive rate, ⌊n_aug/4⌋ + 1 sentences, where
 * replacement, insertion and swap change max(1, ⌊α·words⌋) words and deletion drops words with
 * probability α; all of them shuffled and the first n_aug returned (EDA's `eda()`, without the
 * original sentence it appends). With every rate 0 the sentence itself is returned, n_aug times.
 */
export function eda(sentence: string, random: SeededRandom, options: EdaOptions = {}): string[] {
  const alpha = options.alpha ?? 0.1;
  const rates = {
    replace: options.synonymReplacement ?? alpha,
    insert: options.randomInsertion ?? alpha,
    swap: options.randomSwap ?? alpha,
    delete: options.randomDeletion ?? alpha,
  };
  for (const [name, rate] of Object.entries(rates)) {
    if (!(rate >= 0 && rate <= 1))
      throw new RangeError(`eda: the ${name} rate must be in [0, 1]; got ${rate}`);
  }
  const augmentations = options.augmentations ?? 1;
  if (!Number.isInteger(augmentations) || augmentations < 1) {
    throw new RangeError(`eda: augmentations must be a positive integer; got ${augmentations}`);
  }
  const words = edaWords(sentence);
  const anyRate = rates.replace > 0 || rates.insert > 0 || rates.swap > 0 || rates.delete > 0;
  if (!anyRate || words.length === 0) return Array.from({ length: augmentations }, () => sentence);
  const synonyms = options.synonyms ?? wordnetSynonyms();
  const perOperation = Math.floor(augmentations / 4) + 1;
  const changes = (rate: number) => Math.max(1, Math.floor(rate * words.length));
  const produced: string[][] = [];
  for (let i = 0; i < perOperation && rates.replace > 0; i++) {
    produced.push(synonymReplacement(words, changes(rates.replace), random, synonyms));
  }
  for (let i = 0; i < perOperation && rates.insert > 0; i++) {
    produced.push(randomInsertion(words, changes(rates.insert), random, synonyms));
  }
  for (let i = 0; i < perOperation && rates.swap > 0; i++) {
    produced.push(randomSwap(words, changes(rates.swap), random));
  }
  for (let i = 0; i < perOperation && rates.delete > 0; i++) {
    produced.push(randomDeletion(words, rates.delete, random));
  }
  return random
    .shuffle(produced)
    .slice(0, augmentations)
    .map((sentenceWords) => sentenceWords.join(' '));
}

/** One EDA augmentation of a caption (`eda(…, { augmentations: 1 })[0]`), as RoCLIP and CleanCLIP use. */
export function augmentCaption(caption: string, random: SeededRandom, options: EdaOptions = {}): string {
  return eda(caption, random, { ...options, augmentations: 1 })[0]!;
}
