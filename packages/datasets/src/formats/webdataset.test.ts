import { fileURLToPath } from 'node:url';
import type { ImageCaptionItem, ImageCaptionMeta } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../images/image-decode-error.js';
import { DatasetFormatError } from './dataset-format-error.js';
import { expandBraces } from './shard-pattern.js';
import { openWebDataset } from './webdataset.js';

const DATA = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/', import.meta.url));
const ROOT = `${DATA}webdataset`;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('openWebDataset', () => {
  it('streams samples grouped by key, in shard order, skipping and reporting incomplete ones', async () => {
    const stream = await openWebDataset({
      root: ROOT,
      shards: '{00000..00001}.tar',
      imageSize: 6,
      concurrency: 2,
    });
    expect(stream.shards).toEqual([`${ROOT}/00000.tar`, `${ROOT}/00001.tar`]);
    expect(stream.classNames).toBeUndefined();
    const items: ImageCaptionItem[] = await collect(stream);
    expect(items.map((item) => [item.id, item.captions])).toEqual([
      ['000000000', ['a red square']],
      ['000000001', ['a green square']],
      // No .txt member: the caption comes from the img2dataset JSON.
      ['000000003', ['a blue square from the json']],
      ['000000006', ['a yellow rectangle', 'a wide yellow box']],
    ]);
    expect(items[0]!.source).toBe(`${ROOT}/00000.tar#000000000.jpg`);
    expect([items[3]!.image.width, items[3]!.image.height]).toEqual([6, 6]);
    // 000000000 is solid red.
    const [r, g, b] = items[0]!.image.data;
    expect([r! > 0.95, g! < 0.05, b! < 0.05]).toEqual([true, true, true]);
    expect(stream.report.checked).toBe(7);
    expect(stream.report.kept).toBe(4);
    expect(
      stream.report.skipped.map((skip) => [skip.id, skip.path.slice(ROOT.length + 1), skip.reason]),
    ).toEqual([
      ['000000002', '00000.tar#000000002.jpg', 'no image member (jpg, jpeg, png or webp)'],
      ['000000004', '00001.tar#000000004.txt', 'no caption member (txt)'],
      ['000000005', '00001.tar#000000005.jpg', 'not an image'],
    ]);
  });

  it('gives metadata without decoding, with the same header-level skips', async () => {
    const stream = await openWebDataset({ root: ROOT, shards: '*.tar' });
    const metas: ImageCaptionMeta[] = await collect(stream.metadata());
    expect(metas.map((meta) => meta.id)).toEqual(['000000000', '000000001', '000000003', '000000006']);
    expect(stream.report.skipped).toHaveLength(3);
    expect(stream.decoder.decodeCount).toBe(0);
  });

  it('can stop early, and re-reads the shards on the next pass', async () => {
    const stream = await openWebDataset({ root: ROOT, shards: ['00000.tar'], imageSize: 4 });
    for await (const item of stream) {
      expect(item.id).toBe('000000000');
      break;
    }
    expect((await collect(stream)).map((item) => item.id)).toEqual(['000000000', '000000001']);
  });

  it('reports a missing shard, is fatal in strict mode, and errors on an empty caption', async () => {
    const stream = await openWebDataset({ root: ROOT, shards: ['00000.tar', 'absent.tar'], imageSize: 4 });
    expect(await collect(stream)).toHaveLength(2);
    expect(stream.report.skipped.at(-1)).toEqual({ path: `${ROOT}/absent.tar`, reason: 'shard not found' });
    const strict = await openWebDataset({ root: ROOT, shards: '00000.tar', strict: true, imageSize: 4 });
    await expect(collect(strict)).rejects.toBeInstanceOf(ImageDecodeError);
    const bad = await openWebDataset({ root: `${DATA}webdataset-bad`, shards: '*.tar', imageSize: 4 });
    const error = await collect(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as Error).message).toMatch(/00000\.tar#000000000\.txt \(field 'caption'\): empty caption/);
    await expect(openWebDataset({ root: ROOT, shards: 'none-*.tar' })).rejects.toThrow(
      /No WebDataset shard matches/,
    );
  });
});

describe('expandBraces', () => {
  it('expands zero-padded ranges and lists', () => {
    expect(expandBraces('cc3m-{0008..0011}.tar')).toEqual([
      'cc3m-0008.tar',
      'cc3m-0009.tar',
      'cc3m-0010.tar',
      'cc3m-0011.tar',
    ]);
    expect(expandBraces('{a,b}/{1..2}.tar')).toEqual(['a/1.tar', 'a/2.tar', 'b/1.tar', 'b/2.tar']);
    expect(expandBraces('plain.tar')).toEqual(['plain.tar']);
  });
});
