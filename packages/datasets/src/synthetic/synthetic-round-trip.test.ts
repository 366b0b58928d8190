import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptionTable } from '../formats/index.js';
import { generateSyntheticDataset } from './synthetic-dataset.js';
import { syntheticManifestName, writeSyntheticDataset } from './write-synthetic-dataset.js';

let folder: string | undefined;
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('the written synthetic benchmark', () => {
  it('reads back through the generic JSONL caption table with the same captions, labels and pixels', async () => {
    folder = await mkdtemp(join(tmpdir(), 'mmpoison-synth-jsonl-'));
    const benchmark = generateSyntheticDataset({ seed: 4, imagesPerClass: 1, testImagesPerClass: 1 });
    await writeSyntheticDataset(benchmark, folder);
    const test = await openCaptionTable({
      file: join(folder, syntheticManifestName),
      format: 'jsonl',
      imageColumn: 'image',
      captionColumn: 'captions',
      labelColumn: 'label',
      split: 'test',
      classNames: benchmark.classNames,
      imageSize: 32,
    });
    expect(test.size).toBe(benchmark.test.size);
    for (const index of [0, 7]) {
      expect(test.meta(index).captions).toEqual(benchmark.test.meta(index).captions);
      expect(test.meta(index).label).toBe(benchmark.test.meta(index).label);
    }
    const [read, original] = await Promise.all([test.load(7), benchmark.test.load(7)]);
    expect(read.image.data).toEqual(original.image.data);
  });
});
