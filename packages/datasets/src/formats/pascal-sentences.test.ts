import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from './dataset-format-error.js';
import { openPascalSentences } from './pascal-sentences.js';

const DATA = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/', import.meta.url));

describe('openPascalSentences', () => {
  it('reads class folders with five sentences per image, in both sentence-file spellings', async () => {
    const dataset = await openPascalSentences({ root: `${DATA}pascal`, imageSize: 4 });
    expect(dataset.classNames).toEqual(['aeroplane', 'sheep']);
    const metas = Array.from({ length: dataset.size }, (_, i) => dataset.meta(i));
    expect(metas.map((meta) => [meta.id, meta.label, meta.captions.length])).toEqual([
      ['aeroplane/2008_000032', 0, 5],
      ['aeroplane/2008_000033', 0, 5],
      ['sheep/2008_000099', 1, 5],
    ]);
    expect(metas[1]!.captions[0]).toBe('A jet in the picture.');
    expect(metas[2]!.captions[4]).toBe('One sheep against the background.');
    expect(dataset.report.skipped).toEqual([
      {
        path: `${DATA}pascal/dataset/sheep/2008_000100.jpg`,
        reason: `no sentence file ${DATA}pascal/sentence/sheep/2008_000100.txt`,
        id: 'sheep/2008_000100',
      },
    ]);
    const item = await dataset.load(2);
    expect(item.image.data.length).toBe(4 * 4 * 3);
  });

  it('is strict on request and names the line of an empty sentence', async () => {
    await expect(openPascalSentences({ root: `${DATA}pascal`, strict: true })).rejects.toThrow(
      /2008_000100\.jpg/,
    );
    const error = await openPascalSentences({ root: `${DATA}pascal-bad` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as Error).message).toMatch(/cow\/2008_000200\.txt:2: empty sentence/);
    await expect(openPascalSentences({ root: `${DATA}nowhere` })).rejects.toThrow(/folder not found/);
  });
});
