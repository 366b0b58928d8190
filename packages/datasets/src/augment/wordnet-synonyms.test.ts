import { SeededRandom } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { synonymReplacement } from './eda.js';
import { WordNetSynonyms, wordnetSynonyms } from './wordnet-synonyms.js';

describe('WordNetSynonyms', () => {
  it('finds WordNet synonyms in EDA form, through inflections, without the word itself', () => {
    const synonyms = wordnetSynonyms();
    const car = synonyms.synonyms('car');
    expect(car).toContain('automobile');
    expect(car).toContain('railway car');
    expect(car).not.toContain('car');
    expect(synonyms.synonyms('Cars')).toContain('automobile');
    expect(synonyms.synonyms('quickly')).toContain('rapidly');
    expect(synonyms.synonyms('red')).toContain('crimson');
    for (const word of [...car, ...synonyms.synonyms('able')]) expect(word).toMatch(/^[a-z ]+$/);
    expect(synonyms.synonyms('qwzzyx')).toEqual([]);
  });

  it('replaces words of a caption with WordNet synonyms', () => {
    const words = ['a', 'red', 'car'];
    const out = synonymReplacement(words, 2, SeededRandom.fromSeed(1));
    expect(out[0]).toBe('a');
    expect(out.join(' ')).not.toBe('a red car');
  });

  it('names the missing database files', () => {
    expect(() => new WordNetSynonyms('/nonexistent/wordnet').synonyms('car')).toThrow(
      /Cannot read the WordNet index \/nonexistent\/wordnet\/index.noun/,
    );
  });
});
