import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSyntheticDataset } from './synthetic-dataset.js';
import { writeSyntheticDataset } from './write-synthetic-dataset.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function writeWithSeed(seed: number): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'mmpoison-synth-'));
  folders.push(folder);
  const benchmark = generateSyntheticDataset({
    seed,
    imagesPerClass: 2,
    testImagesPerClass: 1,
    imageSize: 32,
  });
  await writeSyntheticDataset(benchmark, folder, { concurrency: 4 });
  return folder;
}

async function hashFiles(folder: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes.set(
      path.slice(folder.length),
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
  }
  return hashes;
}

describe('writeSyntheticDataset', () => {
  it('writes PNGs, a JSONL manifest and knowledge elements, byte-identical for the same seed', async () => {
    const [first, second, other] = await Promise.all([writeWithSeed(9), writeWithSeed(9), writeWithSeed(10)]);
    const firstHashes = await hashFiles(first!);
    expect(firstHashes.size).toBe(36 + 2);
    expect(await hashFiles(second!)).toEqual(firstHashes);
    const otherHashes = await hashFiles(other!);
    expect(otherHashes.get('/manifest.jsonl')).not.toBe(firstHashes.get('/manifest.jsonl'));
    expect(otherHashes.get('/images/train-000000.png')).not.toBe(firstHashes.get('/images/train-000000.png'));

    const lines = (await readFile(join(first!, 'manifest.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(36);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(records[0]!).sort()).toEqual(['captions', 'image', 'label', 'split']);
    expect(records[0]).toMatchObject({ image: 'images/train-000000.png', label: 'circle', split: 'train' });
    expect(records[35]).toMatchObject({ image: 'images/test-000011.png', label: 'bolt', split: 'test' });
    expect(records.filter((record) => record.split === 'test')).toHaveLength(12);
    expect((records[4]!.captions as string[]).length).toBe(5);

    const knowledge = JSON.parse(await readFile(join(first!, 'knowledge-elements.json'), 'utf8'));
    expect(knowledge.star).toContain('five pointed tips');

    // The PNG holds exactly the pixels the dataset loads.
    const benchmark = generateSyntheticDataset({ seed: 9, imagesPerClass: 2, testImagesPerClass: 1 });
    const decoded = await sharp(join(first!, 'images/test-000003.png')).raw().toBuffer();
    expect(new Uint8Array(decoded)).toEqual(await benchmark.test.loadBytes(3));
  });
});
