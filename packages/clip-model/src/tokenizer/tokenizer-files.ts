import type { BpeMerge } from './byte-pair-encoding.js';
import { endOfWordSuffix } from './byte-pair-encoding.js';
import { byteCharactersInVocabularyOrder } from './byte-unicode-table.js';
import { clipEndOfTextToken, clipStartOfTextToken } from './clip-bpe-tokenizer.js';

/** Vocabulary and merges read from one of the file layouts, before the tokenizer checks them. */
export interface BpeTables {
  readonly vocabulary: Map<string, number>;
  readonly merges: BpeMerge[];
  /** The context length the files state, if they state one. */
  readonly contextLength?: number;
  readonly startOfTextToken?: string;
  readonly endOfTextToken?: string;
  readonly padId?: number;
}

/** The file `saveTokenizer` writes next to vocab.json and merges.txt. */
export const tokenizerConfigFileName = 'mmpoison-tokenizer.json';
export const tokenizerConfigFormat = 'mmpoison-bpe-tokenizer';

/** OpenAI CLIP's vocabulary size: 256 bytes, 256 bytes + `</w>`, 48 894 merges, 2 markers. */
export const clipVocabularySize = 49_408;

/**
 * Merge lines of a merges file (OpenAI's bpe_simple_vocab_16e6.txt or Hugging Face's merges.txt):
 * the first line is a version header and is skipped, as both readers do; blank lines end nothing
 * and are skipped; every other line is two symbols separated by one space.
 */
export function parseMergesText(text: string, source: string, limit = Number.POSITIVE_INFINITY): BpeMerge[] {
  const merges: BpeMerge[] = [];
  // Read line by line: OpenAI's file has 262 144 merges of which CLIP uses the first 48 894.
  let start = text.indexOf('\n') + 1;
  for (let lineNumber = 2; start > 0 && start < text.length && merges.length < limit; lineNumber++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = newline === -1 ? text.length : newline + 1;
    if (line.trim() === '') continue;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new Error(
        `${source}: line ${lineNumber} should be two symbols separated by one space, got ${JSON.stringify(line)}`,
      );
    }
    merges.push([parts[0] as string, parts[1] as string]);
  }
  return merges;
}

/**
 * OpenAI's layout: only a merges list, the vocabulary being the 256 byte characters, the same with
 * `</w>`, one symbol per merge, then start- and end-of-text (simple_tokenizer.py builds it so).
 * As there, only the first `vocabularySize − 514` merges are used (48 894 for CLIP).
 */
export function tablesFromOpenAiMerges(
  text: string,
  source: string,
  vocabularySize = clipVocabularySize,
): BpeTables {
  const merges = parseMergesText(text, source, vocabularySize - 2 * 256 - 2);
  if (merges.length === 0)
    throw new Error(`${source}: no merges found (expected a BPE merges list after a header line)`);
  const symbols = [
    ...byteCharactersInVocabularyOrder,
    ...byteCharactersInVocabularyOrder.map((character) => character + endOfWordSuffix),
    ...merges.map(([first, second]) => first + second),
    clipStartOfTextToken,
    clipEndOfTextToken,
  ];
  const vocabulary = new Map<string, number>();
  symbols.forEach((symbol, id) => {
    if (vocabulary.has(symbol)) {
      throw new Error(
        `${source}: symbol ${JSON.stringify(symbol)} (id ${id}) repeats id ${vocabulary.get(symbol)}`,
      );
    }
    vocabulary.set(symbol, id);
  });
  return { vocabulary, merges };
}

/** Hugging Face's layout: vocab.json (symbol → id) and merges.txt. */
export function tablesFromVocabularyAndMerges(
  vocabularyJson: string,
  vocabularySource: string,
  mergesText: string,
  mergesSource: string,
): BpeTables {
  const parsed = parseJson(vocabularyJson, vocabularySource);
  return {
    vocabulary: vocabularyFromObject(parsed, vocabularySource),
    merges: parseMergesText(mergesText, mergesSource),
  };
}

/** A Hugging Face tokenizer.json with a BPE model (what `CLIPTokenizerFast` saves). */
export function tablesFromTokenizerJson(json: string, source: string): BpeTables {
  const parsed = parseJson(json, source);
  if (!isRecord(parsed)) throw new Error(`${source}: expected a JSON object (a tokenizer.json)`);
  const model = parsed['model'];
  if (!isRecord(model) || model['type'] !== 'BPE') {
    throw new Error(`${source}: expected a tokenizer.json whose "model" has "type": "BPE"`);
  }
  const suffix = model['end_of_word_suffix'];
  if (suffix !== undefined && suffix !== null && suffix !== endOfWordSuffix) {
    throw new Error(
      `${source}: model.end_of_word_suffix is ${JSON.stringify(suffix)}, CLIP's BPE needs "${endOfWordSuffix}"`,
    );
  }
  const vocabulary = vocabularyFromObject(model['vocab'], `${source} (model.vocab)`);
  const rawMerges = model['merges'];
  if (!Array.isArray(rawMerges)) throw new Error(`${source}: model.merges should be an array`);
  const merges = rawMerges.map((entry: unknown, index): BpeMerge => {
    // Older files write "a b", newer ones ["a", "b"].
    const parts = typeof entry === 'string' ? entry.split(' ') : entry;
    if (
      !Array.isArray(parts) ||
      parts.length !== 2 ||
      parts.some((part) => typeof part !== 'string' || part === '')
    ) {
      throw new Error(
        `${source}: model.merges[${index}] should be "a b" or ["a", "b"], got ${JSON.stringify(entry)}`,
      );
    }
    return [parts[0] as string, parts[1] as string];
  });
  const addedTokens = parsed['added_tokens'];
  if (Array.isArray(addedTokens)) {
    for (const token of addedTokens) {
      if (isRecord(token) && typeof token['content'] === 'string' && Number.isInteger(token['id'])) {
        vocabulary.set(token['content'], token['id'] as number);
      }
    }
  }
  const truncation = parsed['truncation'];
  const maximumLength = isRecord(truncation) ? truncation['max_length'] : undefined;
  return typeof maximumLength === 'number'
    ? { vocabulary, merges, contextLength: maximumLength }
    : { vocabulary, merges };
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function vocabularyFromObject(value: unknown, source: string): Map<string, number> {
  if (!isRecord(value)) throw new Error(`${source}: expected a JSON object mapping symbols to ids`);
  const vocabulary = new Map<string, number>();
  for (const [symbol, id] of Object.entries(value)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new Error(
        `${source}: the id of ${JSON.stringify(symbol)} should be a non-negative integer, got ${JSON.stringify(id)}`,
      );
    }
    vocabulary.set(symbol, id);
  }
  return vocabulary;
}
