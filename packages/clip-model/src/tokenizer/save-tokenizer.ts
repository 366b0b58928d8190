import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipBpeTokenizer } from './clip-bpe-tokenizer.js';
import { tokenizerConfigFileName, tokenizerConfigFormat } from './tokenizer-files.js';

/**
 * Writes a tokenizer as vocab.json + merges.txt (Hugging Face's layout, so other tools read it)
 * plus mmpoison-tokenizer.json (context length, markers, pad id). Each file is written to a
 * temporary name and renamed into place, so a crash never leaves a half-written file; the config
 * goes last, so a directory that has it has the other two. The output is byte-identical for the
 * same tokenizer. `loadTokenizer(directory)` reads it back.
 */
export async function saveTokenizer(tokenizer: ClipBpeTokenizer, directory: string): Promise<void> {
  const symbols = [...tokenizer.vocabulary].sort((left, right) => left[1] - right[1]);
  const vocabularyJson = `{\n${symbols.map(([symbol, id]) => `  ${JSON.stringify(symbol)}: ${id}`).join(',\n')}\n}\n`;
  const mergesText = `#version: 0.2\n${tokenizer.merges.map(([first, second]) => `${first} ${second}\n`).join('')}`;
  const config = {
    format: tokenizerConfigFormat,
    version: 1,
    contextLength: tokenizer.contextLength,
    vocabSize: tokenizer.vocabSize,
    startOfTextToken: tokenizer.startOfTextToken,
    startOfTextId: tokenizer.startOfTextId,
    endOfTextToken: tokenizer.endOfTextToken,
    endOfTextId: tokenizer.endOfTextId,
    padId: tokenizer.padId,
  };
  await mkdir(directory, { recursive: true });
  await writeAtomically(join(directory, 'vocab.json'), vocabularyJson);
  await writeAtomically(join(directory, 'merges.txt'), mergesText);
  await writeAtomically(join(directory, tokenizerConfigFileName), `${JSON.stringify(config, null, 2)}\n`);
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`saveTokenizer: cannot write ${path} (${(error as Error).message})`, { cause: error });
  }
}
