import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ClipBpeTokenizer } from './clip-bpe-tokenizer.js';
import {
  type BpeTables,
  isRecord,
  parseJson,
  tablesFromOpenAiMerges,
  tablesFromTokenizerJson,
  tablesFromVocabularyAndMerges,
  tokenizerConfigFileName,
  tokenizerConfigFormat,
} from './tokenizer-files.js';

export interface LoadTokenizerOptions {
  /** Overrides the context length the files state (77 when they state none). */
  readonly contextLength?: number;
  /** Overrides the pad id (0 unless a saved config says otherwise). */
  readonly padId?: number;
}

/**
 * Loads a CLIP BPE tokenizer from local files, detecting the layout. `path` may be:
 * - a directory written by `saveTokenizer` (mmpoison-tokenizer.json + vocab.json + merges.txt);
 * - a Hugging Face directory or file: vocab.json + merges.txt (either file may be named), or
 *   tokenizer.json; a tokenizer_config.json beside vocab.json gives the context length;
 * - OpenAI's bpe_simple_vocab_16e6.txt or .txt.gz (any `.gz` or `.txt` file is read so).
 * In a directory the layouts are tried in that order. Missing or malformed files throw an Error
 * naming the file and what was expected.
 */
export async function loadTokenizer(
  path: string,
  options: LoadTokenizerOptions = {},
): Promise<ClipBpeTokenizer> {
  const { tables, source } = await readTables(path);
  const contextLength = options.contextLength ?? tables.contextLength;
  const padId = options.padId ?? tables.padId;
  return new ClipBpeTokenizer({
    vocabulary: tables.vocabulary,
    merges: tables.merges,
    source,
    ...(contextLength === undefined ? {} : { contextLength }),
    ...(padId === undefined ? {} : { padId }),
    ...(tables.startOfTextToken === undefined ? {} : { startOfTextToken: tables.startOfTextToken }),
    ...(tables.endOfTextToken === undefined ? {} : { endOfTextToken: tables.endOfTextToken }),
  });
}

const openAiFileNames = ['bpe_simple_vocab_16e6.txt.gz', 'bpe_simple_vocab_16e6.txt'];

async function readTables(path: string): Promise<{ tables: BpeTables; source: string }> {
  const kind = await pathKind(path);
  if (kind === 'missing') throw new Error(`tokenizer: ${path} does not exist`);
  if (kind === 'directory') {
    if (await exists(join(path, tokenizerConfigFileName))) return readSaved(path);
    if ((await exists(join(path, 'vocab.json'))) && (await exists(join(path, 'merges.txt')))) {
      return readVocabularyAndMerges(path);
    }
    if (await exists(join(path, 'tokenizer.json'))) return readTokenizerJson(join(path, 'tokenizer.json'));
    for (const name of openAiFileNames) {
      if (await exists(join(path, name))) return readOpenAi(join(path, name));
    }
    throw new Error(
      `tokenizer: ${path} has none of ${tokenizerConfigFileName}, vocab.json + merges.txt, tokenizer.json, ${openAiFileNames.join(', ')}`,
    );
  }
  const name = basename(path);
  if (name === tokenizerConfigFileName) return readSaved(dirname(path));
  if (name === 'vocab.json' || name === 'merges.txt') return readVocabularyAndMerges(dirname(path));
  if (name.endsWith('.json')) return readTokenizerJson(path);
  if (name.endsWith('.gz') || name.endsWith('.txt')) return readOpenAi(path);
  throw new Error(
    `tokenizer: cannot tell the layout of ${path}; expected tokenizer.json, vocab.json, merges.txt, a .txt or .txt.gz merges file, or a directory`,
  );
}

async function readSaved(directory: string): Promise<{ tables: BpeTables; source: string }> {
  const configPath = join(directory, tokenizerConfigFileName);
  const config = parseJson(await readText(configPath), configPath);
  if (!isRecord(config) || config['format'] !== tokenizerConfigFormat) {
    throw new Error(`${configPath}: expected "format": "${tokenizerConfigFormat}"`);
  }
  const { tables, source } = await readVocabularyAndMerges(directory);
  const field = (key: string, type: 'number' | 'string'): unknown => {
    const value = config[key];
    if (typeof value !== type)
      throw new Error(`${configPath}: "${key}" should be a ${type}, got ${JSON.stringify(value)}`);
    return value;
  };
  return {
    source,
    tables: {
      ...tables,
      contextLength: field('contextLength', 'number') as number,
      padId: field('padId', 'number') as number,
      startOfTextToken: field('startOfTextToken', 'string') as string,
      endOfTextToken: field('endOfTextToken', 'string') as string,
    },
  };
}

async function readVocabularyAndMerges(directory: string): Promise<{ tables: BpeTables; source: string }> {
  const vocabularyPath = join(directory, 'vocab.json');
  const mergesPath = join(directory, 'merges.txt');
  const tables = tablesFromVocabularyAndMerges(
    await readText(vocabularyPath),
    vocabularyPath,
    await readText(mergesPath),
    mergesPath,
  );
  const configPath = join(directory, 'tokenizer_config.json');
  if (await exists(configPath)) {
    const config = parseJson(await readText(configPath), configPath);
    const maximumLength = isRecord(config) ? config['model_max_length'] : undefined;
    // Hugging Face writes a huge sentinel when a tokenizer has no limit; only take real lengths.
    if (typeof maximumLength === 'number' && maximumLength <= 1_000_000) {
      return { tables: { ...tables, contextLength: maximumLength }, source: vocabularyPath };
    }
  }
  return { tables, source: vocabularyPath };
}

async function readTokenizerJson(path: string): Promise<{ tables: BpeTables; source: string }> {
  return { tables: tablesFromTokenizerJson(await readText(path), path), source: path };
}

async function readOpenAi(path: string): Promise<{ tables: BpeTables; source: string }> {
  let bytes = await readBytes(path);
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new Error(`${path}: not a gzip file (${(error as Error).message})`, { cause: error });
    }
  }
  return { tables: tablesFromOpenAiMerges(new TextDecoder('utf-8').decode(bytes), path), source: path };
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`tokenizer: cannot read ${path} (${(error as Error).message})`, { cause: error });
  }
}

async function readText(path: string): Promise<string> {
  return new TextDecoder('utf-8').decode(await readBytes(path));
}

async function pathKind(path: string): Promise<'missing' | 'directory' | 'file'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

async function exists(path: string): Promise<boolean> {
  return (await pathKind(path)) === 'file';
}
