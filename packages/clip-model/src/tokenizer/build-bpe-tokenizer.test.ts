import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '@mmpoison/core-tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpeTokenizerFromCorpus } from './build-bpe-tokenizer.js';
import { cleanClipText } from './clip-text-cleaning.js';
import { splitClipWords } from './clip-word-splitter.js';
import { loadTokenizer } from './load-tokenizer.js';
import { saveTokenizer } from './save-tokenizer.js';

const colours = ['red', 'green', 'blue', 'yellow', 'black', 'white'];
const animals = ['cat', 'dog', 'horse', 'sheep', 'bird', 'airplane', 'truck'];
const places = ['grass', 'beach', 'road', 'sofa', 'snow'];
/** 6 × 7 × 5 = 210 captions, every combination once, in a fixed order. */
const captions = colours.flatMap((colour) =>
  animals.flatMap((animal) => places.map((place) => `A photo of a ${colour} ${animal} on the ${place}.`)),
);

describe('buildBpeTokenizerFromCorpus', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bpe-corpus-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('learns the most frequent pair first and breaks ties by code-unit order', () => {
    // "aa" twice and "ab" once: (a, a</w>) counts 2, (a, b</w>) counts 1.
    const counted = buildBpeTokenizerFromCorpus(['aa ab', 'aa'], { vocabSize: 515, contextLength: 8 });
    expect(counted.merges).toEqual([['a', 'a</w>']]);
    // "cd" and "ab" once each: a tie, so (a, b</w>) sorts first whatever the corpus order.
    const tied = buildBpeTokenizerFromCorpus(['cd', 'ab'], { vocabSize: 516, contextLength: 8 });
    expect(tied.merges).toEqual([
      ['a', 'b</w>'],
      ['c', 'd</w>'],
    ]);
    expect(tied.vocabulary.get('ab</w>')).toBe(512);
    expect(tied.startOfTextId).toBe(514);
    expect(tied.endOfTextId).toBe(515);
  });

  it('honours the vocabulary size and gives end-of-text the highest id', () => {
    const tokenizer = buildBpeTokenizerFromCorpus(captions, { vocabSize: 570, contextLength: 16 });
    expect(tokenizer.vocabSize).toBe(570);
    expect(tokenizer.endOfTextId).toBe(569);
    expect(tokenizer.startOfTextId).toBe(568);
    expect(Math.max(...tokenizer.vocabulary.values())).toBe(tokenizer.endOfTextId);
    expect(tokenizer.contextLength).toBe(16);
    // Words in every caption end up as one token each.
    expect(tokenizer.tokenize('a photo of the')).toEqual(['a</w>', 'photo</w>', 'of</w>', 'the</w>']);
    // A corpus that runs out of pairs stops early: "ab" allows a single merge, and once every
    // caption word is one token (21 words, 66 merges in all) nothing is left to merge.
    expect(buildBpeTokenizerFromCorpus(['ab ab'], { vocabSize: 600, contextLength: 8 }).vocabSize).toBe(515);
    const exhausted = buildBpeTokenizerFromCorpus(captions, { vocabSize: 5000, contextLength: 16 });
    expect(exhausted.vocabSize).toBe(exhausted.merges.length + 514);
    expect(exhausted.vocabSize).toBeLessThan(5000);
    for (const word of new Set(captions.flatMap((caption) => splitClipWords(cleanClipText(caption))))) {
      expect(exhausted.tokenize(word)).toEqual([`${word}</w>`]);
    }
  });

  it('round-trips encode → decode, also for words and characters it never saw', () => {
    const tokenizer = buildBpeTokenizerFromCorpus(captions, { vocabSize: 600, contextLength: 64 });
    const texts = [...captions.slice(0, 20), 'A zebra near Zürich 🦓 at 5 o\u2019clock, naïvely!'];
    for (const text of texts) {
      expect(tokenizer.decode(tokenizer.encode(text))).toBe(splitClipWords(cleanClipText(text)).join(' '));
    }
  });

  it('truncates to the context length keeping end-of-text last', () => {
    const tokenizer = buildBpeTokenizerFromCorpus(captions, { vocabSize: 600, contextLength: 8 });
    const row = Array.from(tokenizer.encodeBatch(['a red cat on the grass and a blue dog on the snow']));
    expect(row).toHaveLength(8);
    expect(row[0]).toBe(tokenizer.startOfTextId);
    expect(row[7]).toBe(tokenizer.endOfTextId);
    expect(row.indexOf(tokenizer.endOfTextId)).toBe(7);
  });

  it('is deterministic: same corpus in any order gives identical files', async () => {
    const first = buildBpeTokenizerFromCorpus(captions, { vocabSize: 600, contextLength: 16 });
    const second = buildBpeTokenizerFromCorpus([...captions].reverse(), {
      vocabSize: 600,
      contextLength: 16,
    });
    await saveTokenizer(first, join(directory, 'first'));
    await saveTokenizer(second, join(directory, 'second'));
    for (const name of ['vocab.json', 'merges.txt', 'mmpoison-tokenizer.json']) {
      const left = await readFile(join(directory, 'first', name), 'utf8');
      expect(await readFile(join(directory, 'second', name), 'utf8'), name).toBe(left);
    }
    expect((await readdir(join(directory, 'first'))).sort()).toEqual([
      'merges.txt',
      'mmpoison-tokenizer.json',
      'vocab.json',
    ]);
  });

  it('saves and loads back to identical ids', async () => {
    const built = buildBpeTokenizerFromCorpus(captions, { vocabSize: 560, contextLength: 12 });
    const folder = join(directory, 'saved');
    await saveTokenizer(built, folder);
    const config = JSON.parse(await readFile(join(folder, 'mmpoison-tokenizer.json'), 'utf8'));
    expect(config).toMatchObject({
      contextLength: 12,
      vocabSize: 560,
      startOfTextId: 558,
      endOfTextId: 559,
      padId: 0,
    });
    const loaded = await loadTokenizer(folder);
    expect(loaded.contextLength).toBe(12);
    expect(loaded.vocabSize).toBe(560);
    expect(loaded.endOfTextId).toBe(559);
    const texts = [...captions.slice(100, 110), 'an unseen sentence about a purple giraffe!'];
    expect(loaded.encodeBatch(texts)).toEqual(built.encodeBatch(texts));
  });

  it('reports progress and rejects bad input', () => {
    const events: ProgressEvent[] = [];
    const tokenizer = buildBpeTokenizerFromCorpus(captions, {
      vocabSize: 570,
      contextLength: 16,
      progress: { report: (event) => events.push(event) },
    });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toMatchObject({ task: 'learn BPE merges', done: tokenizer.merges.length });
    expect(() => buildBpeTokenizerFromCorpus(captions, { vocabSize: 100, contextLength: 16 })).toThrow(
      /vocabSize must be an integer ≥ 514/,
    );
    expect(() => buildBpeTokenizerFromCorpus(captions, { vocabSize: 600, contextLength: 1 })).toThrow(
      /context length must be an integer ≥ 2/,
    );
    expect(() =>
      buildBpeTokenizerFromCorpus(['fine', 42 as unknown as string], { vocabSize: 600, contextLength: 16 }),
    ).toThrow(/caption 1 is number/);
  });
});
