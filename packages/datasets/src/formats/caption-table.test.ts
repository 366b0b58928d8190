import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaptionTableOptions, openCaptionTable } from './caption-table.js';
import { DatasetFormatError } from './dataset-format-error.js';
import type { RecordDataset } from './record-dataset.js';

const ROOT = fileURLToPath(new URL('../../../../test-fixtures/data/datasets/table/', import.meta.url));
const CSV: CaptionTableOptions = {
  file: `${ROOT}captions.csv`,
  format: 'csv',
  imageColumn: 'image',
  captionColumn: 'caption',
  labelColumn: 'label',
};
const JSONL: CaptionTableOptions = {
  file: `${ROOT}captions.jsonl`,
  format: 'jsonl',
  imageColumn: 'image',
  captionColumn: 'captions',
  labelColumn: 'label',
};

function rows(dataset: RecordDataset): [string, readonly string[], number | undefined][] {
  return Array.from({ length: dataset.size }, (_, i) => {
    const meta = dataset.meta(i);
    return [meta.id, meta.captions, meta.label];
  });
}

async function failure(options: CaptionTableOptions): Promise<DatasetFormatError> {
  const error = await openCaptionTable(options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DatasetFormatError);
  return error as DatasetFormatError;
}

describe('openCaptionTable', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mmpoison-table-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('groups CSV rows per image, sorts class names, and skips bad files', async () => {
    const dataset = await openCaptionTable({ ...CSV, imageSize: 4 });
    expect(dataset.classNames).toEqual(['blue', 'green', 'red']);
    expect(rows(dataset)).toEqual([
      ['images/a.png', ['a red square, bright', 'a crimson block'], 2],
      ['images/b.png', ['a green square'], 1],
      ['images/c.png', ['a blue square'], 0],
      ['images/d.webp', ['a white square'], undefined],
    ]);
    expect(dataset.report.skipped.map((skip) => [skip.id, skip.reason])).toEqual([
      ['images/missing.png', 'file not found'],
      ['images/not-image.jpg', 'not an image'],
    ]);
    const item = await dataset.load(1);
    expect(Array.from(item.image.data.slice(0, 3))).toEqual([0, 200 / 255, 0].map(Math.fround));
  });

  it('filters a split column', async () => {
    const test = await openCaptionTable({ ...CSV, split: 'test' });
    expect(rows(test).map(([id]) => id)).toEqual(['images/c.png', 'images/d.webp']);
    expect(test.report.skipped.map((skip) => skip.id)).toEqual(['images/missing.png']);
  });

  it('reads TSV without quoting and JSONL with caption arrays', async () => {
    const tsv = await openCaptionTable({
      file: `${ROOT}captions.tsv`,
      format: 'tsv',
      imageColumn: 'filepath',
      captionColumn: 'title',
    });
    expect(tsv.classNames).toBeUndefined();
    expect(rows(tsv)).toEqual([
      ['images/a.png', ['a red square with a "quoted" word', 'another red square'], undefined],
      ['images/b.png', ['a green square'], undefined],
    ]);
    const jsonl = await openCaptionTable(JSONL);
    expect(rows(jsonl)).toEqual([
      ['images/a.png', ['a red square', 'a crimson block'], 2],
      ['images/b.png', ['a green square'], 1],
      ['images/c.png', ['a blue square'], 0],
    ]);
    expect(rows(await openCaptionTable({ ...JSONL, split: 'train' })).map(([id]) => id)).toEqual([
      'images/a.png',
      'images/b.png',
    ]);
  });

  it('sorts integer labels numerically and honours given class names', async () => {
    const file = join(scratch, 'numeric.jsonl');
    await writeFile(
      file,
      ['10', '2', '1']
        .map((label, i) => JSON.stringify({ image: `${i}.png`, captions: ['x'], label: Number(label) }))
        .join('\n'),
    );
    const options = { ...JSONL, file, check: 'none' } as const;
    expect((await openCaptionTable(options)).classNames).toEqual(['1', '2', '10']);
    const named = await openCaptionTable({ ...options, classNames: ['10', '2', '1', '0'] });
    expect(rows(named).map(([, , label]) => label)).toEqual([0, 1, 2]);
    expect((await failure({ ...options, classNames: ['1'] })).message).toMatch(
      /label '10' is not in the given class names/,
    );
  });

  it('names the missing column, line and field of every bad input', async () => {
    const missingColumn = await failure({ ...CSV, labelColumn: 'class' });
    expect(missingColumn.message).toBe(
      `${ROOT}captions.csv:1 (field 'class'): the label column 'class' does not exist (columns: image, caption, label, split)`,
    );
    const missingField = await failure({ ...JSONL, labelColumn: 'class' });
    expect([missingField.line, missingField.field]).toEqual([1, 'class']);
    expect(missingField.message).toMatch(
      /the label field 'class' does not exist \(fields: image, captions, label, split\)/,
    );
    const { labelColumn: _, ...unlabelled } = CSV;
    const escaping = await failure({ ...unlabelled, file: `${ROOT}bad-escape.csv` });
    expect(escaping.line).toBe(3);
    expect(escaping.message).toMatch(/'\.\.\/outside\.png' is outside the dataset root/);
    expect((await failure({ ...unlabelled, file: `${ROOT}bad-absolute.csv` })).message).toMatch(
      /'\/etc\/hostname' is outside/,
    );
    const emptyCsv = await failure({ ...unlabelled, file: `${ROOT}bad-empty-caption.csv` });
    expect(emptyCsv.message).toBe(`${ROOT}bad-empty-caption.csv:3 (field 'caption'): empty caption`);
    const { labelColumn: __, ...unlabelledJsonl } = JSONL;
    const emptyJsonl = await failure({ ...unlabelledJsonl, file: `${ROOT}bad-empty-caption.jsonl` });
    expect([emptyJsonl.line, emptyJsonl.field]).toEqual([2, 'captions']);
    expect((await failure({ ...unlabelledJsonl, file: `${ROOT}bad-json.jsonl` })).message).toMatch(
      /bad-json\.jsonl:2: not valid JSON/,
    );
    expect((await failure({ ...CSV, file: `${ROOT}absent.csv` })).message).toMatch(
      /absent\.csv: file not found/,
    );
  });

  it('rejects rows of one image with contradicting labels', async () => {
    const file = join(scratch, 'contradiction.csv');
    await writeFile(file, 'image,caption,label\na.png,one,cat\na.png,two,dog\n');
    const error = await failure({ ...CSV, file, check: 'none' });
    expect(error.message).toMatch(
      /contradiction\.csv:3 \(field 'label'\): label 'dog' for a\.png contradicts label 'cat'/,
    );
  });
});
