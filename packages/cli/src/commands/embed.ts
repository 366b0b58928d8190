import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ClipInferenceOptions,
  type ClipModel,
  loadClipCheckpoint,
  loadTokenizer,
  readClipCheckpoint,
  stackImages,
  type TextTokenizer,
} from '@mmpoison/clip-model';
import {
  initBackend,
  l2Normalize,
  readSafetensors,
  type SafetensorsContents,
  writeFileAtomic,
} from '@mmpoison/core-tensor';
import { loadRgbImage } from '@mmpoison/datasets';
import * as tf from '@tensorflow/tfjs';
import { integerArgument } from '../argument-parsers.js';
import { type CliCommand, UsageError } from '../command.js';
import { parseBackendOption } from './backend-option.js';
import {
  clipInferenceOptions,
  inferenceArgumentOptions,
  inferenceUsage,
} from './clip-inference-arguments.js';

const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp']);
const tokenizerFiles = [
  'mmpoison-tokenizer.json',
  'vocab.json',
  'tokenizer.json',
  'bpe_simple_vocab_16e6.txt.gz',
];

/** `mmpoison embed`: L2-normalised CLIP embeddings of image files, texts or token ids, as JSON. */
export const embedCommand: CliCommand = {
  path: ['embed'],
  summary: 'Write L2-normalised CLIP embeddings of images, texts or token ids to a JSON file',
  usage: `Usage: mmpoison embed --checkpoint <file.safetensors> [--tokenizer <dir or file>]
                     [--images <dir>] [--texts <file, one per line>] [--token-ids <json>] --out <file.json>

Writes {"images": [{"file", "embedding"}], "texts": [{"text", "embedding"}], "tokenIds": [{"ids",
"embedding"}]} with L2-normalised embeddings; images in sorted file-name order (JPEG, PNG, WebP:
shortest side resized bicubically to the model's resolution, then centre-cropped).

  --tokenizer <path>   vocab.json + merges.txt (or their folder), tokenizer.json, OpenAI's
                       bpe_simple_vocab_16e6.txt.gz, or a folder written by mmpoison. Default: a
                       tokenizer beside the checkpoint (its folder or its tokenizer/ sub-folder);
                       needed for --texts
  --token-ids <file>   JSON array of rows of token ids, embedded as they are
  --batch-size n       Items per forward pass (default 32)
  --backend <name>     auto|node-gpu|node|wasm|cpu
${inferenceUsage}`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...inferenceArgumentOptions,
        checkpoint: { type: 'string' },
        tokenizer: { type: 'string' },
        images: { type: 'string' },
        texts: { type: 'string' },
        'token-ids': { type: 'string' },
        out: { type: 'string' },
        'batch-size': { type: 'string' },
        backend: { type: 'string' },
      },
      strict: true,
    });
    if (values.checkpoint === undefined) throw new UsageError('--checkpoint <file> is required');
    if (values.out === undefined) throw new UsageError('--out <file.json> is required');
    if (values.images === undefined && values.texts === undefined && values['token-ids'] === undefined) {
      throw new UsageError('nothing to embed: give --images, --texts or --token-ids');
    }
    const batchSize =
      values['batch-size'] === undefined ? 32 : integerArgument('batch-size', values['batch-size']);
    if (batchSize < 1) throw new UsageError(`--batch-size must be at least 1, got ${batchSize}`);
    const at = (path: string) => resolve(io.cwd, path);

    // Read every input before the model, so a typo fails fast.
    const imageFiles = values.images === undefined ? [] : await listImages(at(values.images));
    const texts = values.texts === undefined ? [] : await readTexts(at(values.texts));
    const tokenRows = values['token-ids'] === undefined ? [] : await readTokenIds(at(values['token-ids']));
    const checkpoint = at(values.checkpoint);
    const tokenizerPath =
      values.tokenizer === undefined ? await tokenizerBeside(checkpoint) : at(values.tokenizer);
    if (tokenizerPath === undefined && texts.length > 0) {
      throw new UsageError(`--texts needs a tokenizer: none beside ${checkpoint}; give --tokenizer <path>`);
    }

    const backend = parseBackendOption(values.backend);
    await initBackend({ ...(backend ? { backend } : {}), log: (line) => io.stderr.write(`${line}\n`) });
    const inference = clipInferenceOptions(values);
    const contents = await readSafetensors(checkpoint);
    const tokenizer =
      tokenizerPath === undefined
        ? await imageOnlyTokenizer(contents, inference)
        : await loadTokenizer(tokenizerPath);
    const model = await loadClipCheckpoint(contents, { ...inference, tokenizer });
    try {
      const output = {
        images: await embedImages(model, imageFiles, batchSize),
        texts: zipEmbeddings(
          texts,
          inBatches(texts, batchSize, (batch) => model.encodeTexts(batch)),
          'text',
        ),
        tokenIds: zipEmbeddings(
          tokenRows,
          inBatches(tokenRows, batchSize, (batch) => model.encodeTokens(batch)),
          'ids',
        ),
      };
      await writeFileAtomic(at(values.out), `${JSON.stringify(output)}\n`);
      io.stderr.write(
        `embedded ${imageFiles.length} images, ${texts.length} texts, ${tokenRows.length} token rows → ${at(values.out)}\n`,
      );
    } finally {
      model.dispose();
    }
    return 0;
  },
};

async function listImages(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new Error(`--images ${folder}: cannot read the folder`, { cause: error });
  }
  const files = names.filter((name) => imageExtensions.has(extname(name).toLowerCase())).sort();
  if (files.length === 0) throw new Error(`--images ${folder}: no .jpg, .jpeg, .png or .webp files`);
  return files.map((name) => join(folder, name));
}

async function readTexts(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new Error(`--texts ${file}: cannot read the file`, { cause: error });
  });
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new Error(`--texts ${file}: no text in the file (one per line)`);
  return lines;
}

async function readTokenIds(file: string): Promise<number[][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`--token-ids ${file}: not a readable JSON file`, { cause: error });
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (row) =>
        Array.isArray(row) &&
        row.length > 0 &&
        row.every((id) => Number.isInteger(id) && (id as number) >= 0),
    );
  if (!valid)
    throw new Error(`--token-ids ${file}: expected a JSON array of rows of non-negative integer ids`);
  return parsed as number[][];
}

/** A tokenizer saved beside the checkpoint: its own folder or a tokenizer/ sub-folder. */
async function tokenizerBeside(checkpoint: string): Promise<string | undefined> {
  for (const folder of [dirname(checkpoint), join(dirname(checkpoint), 'tokenizer')]) {
    for (const name of tokenizerFiles) {
      const isFile = await stat(join(folder, name)).then(
        (found) => found.isFile(),
        () => false,
      );
      if (isFile) return name === 'bpe_simple_vocab_16e6.txt.gz' ? join(folder, name) : folder;
    }
  }
  return undefined;
}

/**
 * The model needs a tokenizer object even when only images (or raw token ids) are embedded; this one
 * has the checkpoint's vocabulary bounds and refuses to encode text.
 */
async function imageOnlyTokenizer(
  contents: SafetensorsContents,
  inference: ClipInferenceOptions,
): Promise<TextTokenizer> {
  const { config } = await readClipCheckpoint(contents, inference);
  const refuse = (): never => {
    throw new UsageError('embedding texts needs a tokenizer: give --tokenizer <path>');
  };
  return {
    vocabSize: config.text.vocabSize,
    contextLength: config.text.contextLength,
    startOfTextId: config.text.vocabSize - 2,
    endOfTextId: config.text.vocabSize - 1,
    padId: 0,
    encode: refuse,
    encodeBatch: refuse,
  };
}

async function embedImages(model: ClipModel, files: readonly string[], batchSize: number) {
  const rows: { file: string; embedding: number[] }[] = [];
  for (let start = 0; start < files.length; start += batchSize) {
    const batchFiles = files.slice(start, start + batchSize);
    const images = await Promise.all(batchFiles.map((file) => loadRgbImage(file, { size: model.imageSize })));
    const embeddings = tf.tidy(() => {
      const batch = stackImages(images, model.imageSize, batchFiles);
      return l2Normalize(model.encodeImages(batch).embeddings);
    });
    const values = (await embeddings.array()) as number[][];
    embeddings.dispose();
    for (const [i, embedding] of values.entries()) rows.push({ file: batchFiles[i]!, embedding });
  }
  return rows;
}

function inBatches<T>(
  items: readonly T[],
  batchSize: number,
  encode: (batch: T[]) => tf.Tensor2D,
): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    const normalised = tf.tidy(() => l2Normalize(encode(batch)));
    out.push(...(normalised.arraySync() as number[][]));
    normalised.dispose();
  }
  return out;
}

function zipEmbeddings<T, K extends string>(items: readonly T[], embeddings: number[][], key: K) {
  return items.map(
    (item, i) => ({ [key]: item, embedding: embeddings[i]! }) as { [P in K]: T } & { embedding: number[] },
  );
}
