import { describe, expect, it } from 'vitest';
import { cleanClipText } from './clip-text-cleaning.js';
import { splitClipWords } from './clip-word-splitter.js';

// Expected strings are what `whitespace_clean(basic_clean(text)).lower()` returns in OpenAI's
// simple_tokenizer.py with ftfy 6.3.1, run by hand.
const cases: ReadonlyArray<readonly [string, string]> = [
  ['  \t leading\nand\r\ntrailing   whitespace \u00a0 ', 'leading and trailing whitespace'],
  ['Tom &amp; Jerry &quot;cartoon&quot; &lt;b&gt;', 'tom & jerry "cartoon" <b>'],
  ['AT&T &amp;amp; &#39;x&#39;', "at&t & 'x'"],
  ['&copy2024 &notit; &notin;', '\u00a92024 \u00acit; \u2209'],
  ['&amp;rsquo;s', "'s"],
  ['<b>&rsquo;</b> it', '<b>\u2019</b> it'],
  ['it\u2019s \u201cquoted\u201d', 'it\'s "quoted"'],
  ['tab\there\u0085next\u2028line', 'tab here\u2026next line'],
  ['\u001b[31mred\u001b[0m text', 'red text'],
  ['ctrl\u0001\u0002chars\u007f', 'ctrlchars'],
  ['bom\ufeffin middle', 'bomin middle'],
  ['e\u0301 combining', '\u00e9 combining'],
  ['\uff21\uff22\uff23\uff11\uff12\uff13\uff01', 'abc123!'],
  ['half \uff76\uff80\uff76\uff85', 'half \u30ab\u30bf\u30ab\u30ca'],
  ['\u0133s \u01c6 \ufb05', 'ijs d\u017e \u017ft'],
  [
    '\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 \u03a9mega',
    '\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 \u03c9mega',
  ],
  [
    'mixed CASE \u00c0\u00c9\u00ce Stra\u00dfe \u0130stanbul',
    'mixed case \u00e0\u00e9\u00ee stra\u00dfe i\u0307stanbul',
  ],
  ['x&#150;y &#x85; &#0; &#1;z', 'x\u2013y \u2026 \ufffd z'],
  ['lone \ud83d surrogate', 'lone \ufffd surrogate'],
  ['a\u00a0b\u2009c', 'a b c'],
];

describe('cleanClipText', () => {
  it.each(cases)('cleans %j as the reference does', (text, cleaned) => {
    expect(cleanClipText(text)).toBe(cleaned);
  });
});

describe('splitClipWords', () => {
  it('splits contractions, letter runs, single digits and punctuation runs', () => {
    expect(splitClipWords("it's 42 o'clock!! <|endoftext|>we'll")).toEqual([
      'it',
      "'s",
      '4',
      '2',
      'o',
      "'",
      'clock',
      '!!',
      '<|endoftext|>',
      'we',
      "'ll",
    ]);
  });
});
