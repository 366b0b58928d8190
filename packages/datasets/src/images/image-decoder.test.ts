import { copyFile, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '@mmpoison/core-tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { ImageDecodeError } from './image-decode-error.js';
import { ImageDecoder } from './image-decoder.js';

const IMAGES = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/images/', import.meta.url));

describe('ImageDecoder', () => {
  let directory: string;
  let image: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mmpoison-decoder-'));
    image = join(directory, 'halves.png');
    await copyFile(`${IMAGES}halves-16x8.png`, image);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('serves a second epoch from the on-disk cache without decoding again', async () => {
    const cache = join(directory, 'cache');
    const first = new ImageDecoder({ cache });
    const decoded = await first.decodeFile(image, { size: 8 });
    const again = await first.decodeFile(image, { size: 8 });
    expect([first.decodeCount, first.cacheHits]).toEqual([1, 1]);
    expect(again).toEqual(decoded);

    // A new decoder (the next run) finds the pixels on disk.
    const second = new ImageDecoder({ cache });
    expect(await second.decodeFile(image, { size: 8 })).toEqual(decoded);
    expect([second.decodeCount, second.cacheHits]).toEqual([0, 1]);

    // Another size or fit is another key.
    await second.decodeFile(image, { size: 4 });
    await second.decodeFile(image, { size: 8, fit: 'stretch' });
    expect(second.decodeCount).toBe(2);

    // A modified file (new mtime) is decoded again.
    await utimes(image, new Date(), new Date(Date.now() + 5_000));
    await second.decodeFile(image, { size: 8 });
    expect(second.decodeCount).toBe(3);
  });

  it('decodes every time without a cache', async () => {
    const decoder = new ImageDecoder();
    await decoder.decodeFile(image, { size: 8 });
    await decoder.decodeFile(image, { size: 8 });
    expect([decoder.decodeCount, decoder.cacheHits]).toEqual([2, 0]);
  });

  it('decodes many files in order with bounded concurrency and progress', async () => {
    const decoder = new ImageDecoder({ concurrency: 2 });
    expect(decoder.concurrency).toBe(2);
    const events: ProgressEvent[] = [];
    const images = await decoder.decodeFiles([image, `${IMAGES}gray-8x8.png`, `${IMAGES}lossless-8x8.webp`], {
      size: 4,
      progress: { report: (event) => events.push(event) },
    });
    expect(images.map((decoded) => decoded.width)).toEqual([4, 4, 4]);
    expect(images[1]!.data[0]).toBeCloseTo(100 / 255, 5);
    expect(events.at(-1)).toMatchObject({ task: 'decode', done: 3, total: 3, unit: 'images' });
  });

  it('names the missing file when the cache is on', async () => {
    const decoder = new ImageDecoder({ cache: join(directory, 'cache') });
    await expect(decoder.decodeFile(join(directory, 'gone.jpg'))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('stops before decoding when the signal is aborted', async () => {
    const decoder = new ImageDecoder();
    await expect(decoder.decodeFile(image, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    expect(decoder.decodeCount).toBe(0);
  });
});

describe('ConcurrencyLimiter', () => {
  it('never runs more than its limit at once and runs every task', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return i * i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 4, 9, 16, 25, 36]);
    expect(peak).toBe(2);
    expect([limiter.active, limiter.pending]).toEqual([0, 0]);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});
