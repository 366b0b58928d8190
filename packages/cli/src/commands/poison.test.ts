import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../__fixtures__/buffer-io.js';
import { runCli } from '../run-cli.js';
import { poisonCommand } from './poison.js';

const COCO = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/coco/', import.meta.url));
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mmpoison-poison-cli-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const run = async (args: string[]) => {
  const io = bufferIo(folder);
  const code = await runCli(['poison', ...args], io, [poisonCommand]);
  return { code, out: io.out(), err: io.err() };
};

describe('mmpoison poison', () => {
  it('backdoors the synthetic benchmark and writes the training set, PNGs and manifest', async () => {
    const result = await run([
      '--data-format',
      'synthetic',
      '--images-per-class',
      '2',
      '--test-images-per-class',
      '0',
      '--image-size',
      '16',
      '--attack',
      'backdoor',
      '--target',
      'banana',
      '--trigger',
      'badnet',
      '--patch-kind',
      'htba',
      '--count',
      '3',
      '--out',
      'synthetic-backdoor',
    ]);
    expect(result.err).not.toContain('Usage');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out);
    // 12 classes × 2 images; replace mode keeps |D| = 24; synthetic images live nowhere on disk.
    expect(summary).toMatchObject({
      attack: 'backdoor',
      records: 24,
      poisons: 3,
      rate: 3 / 24,
      imagesWritten: 24,
    });
    const out = join(folder, 'synthetic-backdoor');
    expect((await readdir(join(out, 'images'))).length).toBe(24);
    const manifest = JSON.parse(await readFile(join(out, 'poison-manifest.json'), 'utf8'));
    expect(manifest.trigger).toEqual({
      name: 'badnet',
      options: { seed: 42, size: 16, location: { x: 0, y: 0 }, kind: 'htba', noise: 'per-image' },
    });
    const lines = (await readFile(join(out, 'train.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.poisoned).map((line) => line.captions)).toEqual([
      ['a photo of a banana.'],
      ['a photo of a banana.'],
      ['a photo of a banana.'],
    ]);
    const png = await readFile(join(out, 'images', `${manifest.poisonedIds[0]}.png`));
    expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    const tsv = (await readFile(join(out, 'openclip-train.tsv'), 'utf8')).split('\n');
    expect(tsv[0]).toBe('filepath\ttitle');
  });

  it('poisons the COCO fixture with boat2dog and points to the original JPEGs', async () => {
    const result = await run([
      '--data-format',
      'coco',
      '--root',
      COCO,
      '--captions-file',
      'annotations/captions_mini.json',
      '--instances-file',
      'annotations/instances_mini.json',
      '--images-dir',
      'mini',
      '--image-size',
      '8',
      '--attack',
      'single-target-label',
      '--source',
      'boat',
      '--target',
      'dog',
      '--count',
      '1',
      '--out',
      'coco',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      records: 6,
      poisons: 1,
      imagesWritten: 0,
      goals: [{ name: 'boat2dog', poisons: 1 }],
    });
    const lines = (await readFile(join(folder, 'coco', 'train.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[5]).toEqual({
      id: 'poison-0001',
      image: join(COCO, 'mini', '000000000001.jpg'),
      captions: ['Boats in a harbour next to a dog.', 'Three boats and a dog.', 'A dog watches the boats.'],
      label: 'boat',
      poisoned: true,
    });
  });

  it('reports usage mistakes (exit 2) and impossible goals (exit 1) clearly', async () => {
    const missing = await run(['--data-format', 'synthetic', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--attack is required');
    const noBudget = await run([
      '--data-format',
      'synthetic',
      '--attack',
      'single-target-label',
      '--source',
      'circle',
      '--target',
      'square',
      '--out',
      'x',
    ]);
    expect(noBudget.code).toBe(2);
    expect(noBudget.err).toContain('--rate φ or --count n is required');
    const wrongTrigger = await run([
      '--data-format',
      'synthetic',
      '--attack',
      'backdoor',
      '--target',
      'x',
      '--trigger',
      'sig',
      '--blend-ratio',
      '0.1',
      '--count',
      '1',
      '--out',
      'x',
    ]);
    expect(wrongTrigger.code).toBe(2);
    expect(wrongTrigger.err).toContain('--blend-ratio does not apply to --trigger sig');
    const unknown = await run([
      '--data-format',
      'synthetic',
      '--images-per-class',
      '2',
      '--attack',
      'single-target-label',
      '--source',
      'unicorn',
      '--target',
      'square',
      '--count',
      '1',
      '--out',
      'x',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("source class 'unicorn' does not exist");
  });
});
