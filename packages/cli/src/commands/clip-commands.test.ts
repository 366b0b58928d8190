import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../__fixtures__/buffer-io.js';
import { runCli } from '../run-cli.js';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;
const parityFolder = join(repositoryRoot, 'test-fixtures/data/clip-parity');
const openaiCheckpoint = join(parityFolder, 'openai.safetensors');
const huggingFaceCheckpoint = join(parityFolder, 'huggingface.safetensors');
/** The parity model's width (16) is no multiple of 64, so its heads are named. */
const heads = ['--vision-heads', '2', '--text-heads', '2'];
const demoCheckpoint = join(repositoryRoot, 'test-fixtures/data/demo-checkpoint/model.safetensors');

interface ParityRecord {
  readonly pixelLevels: { readonly shape: [number, number, number, number]; readonly values: number[] };
  readonly tokenIds: number[][];
  readonly imageEmbeddings: number[][];
  readonly textEmbeddings: number[][];
}

const normalise = (row: readonly number[]) => {
  const norm = Math.hypot(...row);
  return row.map((value) => value / norm);
};
const maxDifference = (a: readonly number[], b: readonly number[]) =>
  Math.max(...a.map((value, i) => Math.abs(value - b[i]!)));

async function parity(): Promise<ParityRecord> {
  return JSON.parse(await readFile(join(parityFolder, 'embeddings.json'), 'utf8')) as ParityRecord;
}

describe('mmpoison info', () => {
  it('reports the inferred config and parameter count for OpenAI and Hugging Face names', async () => {
    for (const [file, layout] of [
      [openaiCheckpoint, 'openai'],
      [huggingFaceCheckpoint, 'huggingface'],
    ] as const) {
      const io = bufferIo();
      expect(await runCli(['info', file, ...heads], io)).toBe(0);
      const info = JSON.parse(io.out());
      expect(info.layout).toBe(layout);
      // The parity model: 15585 parameters, the count PyTorch reported for it.
      expect(info.parameters).toBe(15585);
      expect(info.config.vision).toMatchObject({ imageSize: 16, patchSize: 4, width: 16, layers: 2 });
      expect(info.config.text).toMatchObject({ contextLength: 8, vocabSize: 50, width: 16, layers: 2 });
      expect(info.config.embedDim).toBe(12);
    }
  });

  it('fails clearly on a missing file, a missing argument, and heads it cannot infer', async () => {
    const noHeads = bufferIo();
    expect(await runCli(['info', openaiCheckpoint], noHeads)).toBe(1);
    expect(noHeads.err()).toContain('width 16 is not a multiple of 64');
    const missing = bufferIo();
    expect(await runCli(['info', '/nonexistent/model.safetensors'], missing)).toBe(1);
    expect(missing.err()).toContain('/nonexistent/model.safetensors');
    const none = bufferIo();
    expect(await runCli(['info'], none)).toBe(2);
    expect(none.err()).toContain('exactly one checkpoint');
  });
});

describe('mmpoison embed', () => {
  it('reproduces the PyTorch embeddings of token ids and of image files, in file-name order', async () => {
    const record = await parity();
    const folder = await mkdtemp(join(tmpdir(), 'mmpoison-embed-'));
    const [count, height, width] = record.pixelLevels.shape;
    const imagesFolder = join(folder, 'images');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(imagesFolder);
    // Written in reverse name order, so the output order must come from sorting.
    const names = ['c.png', 'b.png', 'a.png'];
    for (let i = 0; i < count; i++) {
      const size = height * width * 3;
      const bytes = Buffer.from(record.pixelLevels.values.slice(i * size, (i + 1) * size));
      await sharp(bytes, { raw: { width, height, channels: 3 } })
        .png()
        .toFile(join(imagesFolder, names[i]!));
    }
    await writeFile(join(folder, 'ids.json'), JSON.stringify(record.tokenIds));
    const out = join(folder, 'embeddings.json');
    const io = bufferIo(folder);
    const code = await runCli(
      [
        'embed',
        '--checkpoint',
        openaiCheckpoint,
        ...heads,
        '--images',
        'images',
        '--token-ids',
        'ids.json',
        '--out',
        out,
      ],
      io,
    );
    expect(io.err()).not.toContain('mmpoison embed:');
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.images.map((row: { file: string }) => row.file)).toEqual(
      ['a.png', 'b.png', 'c.png'].map((name) => join(imagesFolder, name)),
    );
    // a.png holds image 2, b.png image 1, c.png image 0.
    result.images.forEach((row: { embedding: number[] }, i: number) => {
      expect(maxDifference(row.embedding, normalise(record.imageEmbeddings[2 - i]!))).toBeLessThan(1e-4);
    });
    expect(result.tokenIds).toHaveLength(record.tokenIds.length);
    result.tokenIds.forEach((row: { ids: number[]; embedding: number[] }, i: number) => {
      expect(row.ids).toEqual(record.tokenIds[i]);
      expect(maxDifference(row.embedding, normalise(record.textEmbeddings[i]!))).toBeLessThan(1e-4);
    });
  });

  it('embeds texts with the tokenizer found beside the checkpoint', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'mmpoison-embed-'));
    await writeFile(join(folder, 'texts.txt'), 'a red star\n\na blue circle\na red star\n');
    const io = bufferIo(folder);
    expect(
      await runCli(
        ['embed', '--checkpoint', demoCheckpoint, '--texts', 'texts.txt', '--out', 'out.json'],
        io,
      ),
    ).toBe(0);
    const { texts } = JSON.parse(await readFile(join(folder, 'out.json'), 'utf8'));
    expect(texts.map((row: { text: string }) => row.text)).toEqual([
      'a red star',
      'a blue circle',
      'a red star',
    ]);
    for (const row of texts) expect(Math.hypot(...row.embedding)).toBeCloseTo(1, 5);
    expect(texts[2].embedding).toEqual(texts[0].embedding);
    expect(maxDifference(texts[0].embedding, texts[1].embedding)).toBeGreaterThan(1e-3);
  });

  it('fails clearly on missing or unreadable inputs', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'mmpoison-embed-'));
    await writeFile(join(folder, 'texts.txt'), 'a photo\n');
    const noTokenizer = bufferIo(folder);
    expect(
      await runCli(
        ['embed', '--checkpoint', openaiCheckpoint, ...heads, '--texts', 'texts.txt', '--out', 'o.json'],
        noTokenizer,
      ),
    ).toBe(2);
    expect(noTokenizer.err()).toContain('--tokenizer');

    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(folder, 'broken'));
    await writeFile(join(folder, 'broken', 'x.png'), 'not a png');
    const broken = bufferIo(folder);
    expect(
      await runCli(
        ['embed', '--checkpoint', openaiCheckpoint, ...heads, '--images', 'broken', '--out', 'o.json'],
        broken,
      ),
    ).toBe(1);
    expect(broken.err()).toContain(join(folder, 'broken', 'x.png'));

    const nothing = bufferIo(folder);
    expect(await runCli(['embed', '--checkpoint', openaiCheckpoint, '--out', 'o.json'], nothing)).toBe(2);
    expect(nothing.err()).toContain('nothing to embed');

    const missingFolder = bufferIo(folder);
    expect(
      await runCli(
        ['embed', '--checkpoint', openaiCheckpoint, '--images', 'nope', '--out', 'o.json'],
        missingFolder,
      ),
    ).toBe(1);
    expect(missingFolder.err()).toContain(join(folder, 'nope'));

    await writeFile(join(folder, 'bad-ids.json'), '[[1, -2]]');
    const badIds = bufferIo(folder);
    expect(
      await runCli(
        [
          'embed',
          '--checkpoint',
          openaiCheckpoint,
          ...heads,
          '--token-ids',
          'bad-ids.json',
          '--out',
          'o.json',
        ],
        badIds,
      ),
    ).toBe(1);
    expect(badIds.err()).toContain('non-negative integer ids');
  });
});
