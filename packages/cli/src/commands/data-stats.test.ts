import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticDataset, writeSyntheticDataset } from '@mmpoison/datasets';
import { describe, expect, it } from 'vitest';
import { type CliIo, UsageError } from '../command.js';
import { dataStatsCommand } from './data-stats.js';

const DATA = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/', import.meta.url));

function bufferIo(): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    cwd: DATA,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    out: () => stdout,
    err: () => stderr,
  };
}

async function stats(args: string[]): Promise<Record<string, unknown>> {
  const io = bufferIo();
  expect(await dataStatsCommand.run(args, io)).toBe(0);
  return JSON.parse(io.out()) as Record<string, unknown>;
}

describe('mmpoison data stats', () => {
  it('counts a COCO split with labels and skipped files', async () => {
    const result = await stats([
      '--format',
      'coco',
      '--root',
      'coco',
      '--split',
      'mini',
      '--unlabeled',
      'drop',
    ]);
    expect(result).toEqual({
      images: 4,
      captions: 9,
      classes: { person: 1, boat: expect.any(Number), dog: expect.any(Number), toaster: 1 },
      // Image 5 (missing file) has no instances, so --unlabeled drop removes it before the check.
      skipped: [
        { path: `${DATA}coco/mini/000000000006.jpg`, reason: 'truncated JPEG (no end-of-image marker)' },
      ],
    });
    const classes = result['classes'] as Record<string, number>;
    expect(classes['boat']! + classes['dog']!).toBe(2);
  });

  it('counts Flickr30k, PASCAL, image folders and tables', async () => {
    expect(await stats(['--format', 'flickr30k', '--root', 'flickr30k', '--split', 'train'])).toEqual({
      images: 2,
      captions: 10,
      classes: null,
      skipped: [],
    });
    expect(await stats(['--format', 'pascal', '--root', 'pascal'])).toMatchObject({
      images: 3,
      captions: 15,
      classes: { aeroplane: 2, sheep: 1 },
    });
    expect(await stats(['--format', 'imagefolder', '--root', 'imagefolder'])).toMatchObject({
      images: 5,
      captions: 5,
      classes: { cat: 2, dog: 2, golden_retriever: 1 },
      skipped: [{ path: `${DATA}imagefolder/dog/broken.jpg`, reason: 'not an image' }],
    });
    expect(
      await stats([
        '--format',
        'csv',
        '--root',
        'table',
        '--file',
        'table/captions.csv',
        '--label-column',
        'label',
      ]),
    ).toMatchObject({ images: 4, captions: 5, classes: { blue: 1, green: 1, red: 1 } });
    expect(
      await stats([
        '--format',
        'jsonl',
        '--root',
        'table',
        '--file',
        'table/captions.jsonl',
        '--split',
        'test',
      ]),
    ).toEqual({ images: 1, captions: 1, classes: null, skipped: [] });
  });

  it('streams WebDataset shards without decoding', async () => {
    const result = await stats(['--format', 'webdataset', '--root', 'webdataset']);
    expect([result['images'], result['captions'], result['classes']]).toEqual([4, 5, null]);
    expect((result['skipped'] as { reason: string }[]).map((skip) => skip.reason)).toEqual([
      'no image member (jpg, jpeg, png or webp)',
      'no caption member (txt)',
      'not an image',
    ]);
  });

  it('counts the embedded synthetic benchmark', async () => {
    const result = await stats([
      '--format',
      'synthetic',
      '--images-per-class',
      '2',
      '--test-images-per-class',
      '1',
      '--split',
      'train',
    ]);
    const classes = result['classes'] as Record<string, number>;
    const classCount = Object.keys(classes).length;
    expect(classCount).toBeGreaterThanOrEqual(10);
    expect(result['images']).toBe(2 * classCount);
    expect(Object.values(classes).reduce((a, b) => a + b, 0)).toBe(2 * classCount);
    expect(result['captions']).toBe(10 * classCount);
  });

  it('reads back what data synth writes, as --format jsonl', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mmpoison-stats-'));
    try {
      const benchmark = generateSyntheticDataset({
        seed: 3,
        imagesPerClass: 1,
        testImagesPerClass: 1,
        imageSize: 16,
      });
      await writeSyntheticDataset(benchmark, out);
      const result = await stats([
        '--format',
        'jsonl',
        '--root',
        out,
        '--label-column',
        'label',
        '--split',
        'test',
      ]);
      const classCount = benchmark.classNames.length;
      expect(result).toEqual({
        images: classCount,
        captions: 5 * classCount,
        classes: Object.fromEntries([...benchmark.classNames].sort().map((name) => [name, 1])),
        skipped: [],
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('throws UsageError on bad arguments and fails on bad data', async () => {
    const io = bufferIo();
    await expect(dataStatsCommand.run(['--root', 'coco'], io)).rejects.toThrow(UsageError);
    await expect(dataStatsCommand.run(['--format', 'parquet', '--root', 'x'], io)).rejects.toThrow(
      /unknown --format 'parquet'/,
    );
    await expect(dataStatsCommand.run(['--format', 'coco'], io)).rejects.toThrow(/--root <dir> is required/);
    await expect(dataStatsCommand.run(['--format', 'coco', '--root', 'coco'], io)).rejects.toThrow(
      UsageError,
    );
    await expect(
      dataStatsCommand.run(['--format', 'pascal', '--root', 'pascal', '--split', 'x'], io),
    ).rejects.toThrow(/has no splits/);
    await expect(dataStatsCommand.run(['--format', 'csv', '--root', 'table'], io)).rejects.toThrow(
      /needs --file/,
    );
    await expect(
      dataStatsCommand.run(['--format', 'pascal', '--root', 'pascal', '--check', 'x'], io),
    ).rejects.toThrow(/--check must be/);
    await expect(dataStatsCommand.run(['--format', 'pascal', '--bogus'], io)).rejects.toThrow(UsageError);
    await expect(
      dataStatsCommand.run(['--format', 'pascal', '--root', 'pascal', '--strict'], io),
    ).rejects.toThrow(/2008_000100\.jpg/);
  });
});
