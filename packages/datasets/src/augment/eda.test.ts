import { SeededRandom } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import {
  augmentCaption,
  eda,
  edaWords,
  randomDeletion,
  randomInsertion,
  randomSwap,
  synonymReplacement,
} from './eda.js';
import type { SynonymSource } from './wordnet-synonyms.js';

const sentence = 'a small red star on a striped blue background';
const words = edaWords(sentence);

/** A hand-made thesaurus, so each operation's effect can be checked exactly. */
const thesaurus: SynonymSource = {
  synonyms: (word) =>
    ({ star: ['sun'], red: ['crimson', 'scarlet'], background: ['backdrop'], a: ['angstrom'] })[word] ?? [],
};

const sorted = (list: readonly string[]) => [...list].sort();

describe('EDA operations', () => {
  it('cleans text as EDA does', () => {
    expect(edaWords("Two five-pointed  stars, isn't it?")).toEqual([
      'two',
      'five',
      'pointed',
      'stars',
      'isnt',
      'it',
    ]);
  });

  it('swaps words without changing the multiset, and is the identity for n = 0', () => {
    for (let seed = 0; seed < 10; seed++) {
      const swapped = randomSwap(words, 3, SeededRandom.fromSeed(seed));
      expect(sorted(swapped)).toEqual(sorted(words));
      expect(swapped).not.toEqual(words.slice(0, 0));
    }
    expect(randomSwap(words, 1, SeededRandom.fromSeed(1))).not.toEqual(words);
    expect(randomSwap(words, 0, SeededRandom.fromSeed(1))).toEqual(words);
    expect(randomSwap(['alone'], 3, SeededRandom.fromSeed(1))).toEqual(['alone']);
  });

  it('deletes words with probability p but never empties a sentence', () => {
    for (let seed = 0; seed < 10; seed++) {
      const kept = randomDeletion(words, 1, SeededRandom.fromSeed(seed));
      expect(kept).toHaveLength(1);
      expect(words).toContain(kept[0]);
      const some = randomDeletion(words, 0.5, SeededRandom.fromSeed(seed));
      expect(some.length).toBeGreaterThanOrEqual(1);
      expect(words.join(' ')).toContain(some[0]);
    }
    expect(randomDeletion(words, 0, SeededRandom.fromSeed(1))).toEqual(words);
    expect(randomDeletion(['one'], 1, SeededRandom.fromSeed(1))).toEqual(['one']);
  });

  it('replaces n distinct non-stop words, every occurrence alike', () => {
    const replaced = synonymReplacement(
      ['red', 'star', 'and', 'red', 'a'],
      1,
      SeededRandom.fromSeed(2),
      thesaurus,
    );
    const changed = replaced.filter((word, i) => word !== ['red', 'star', 'and', 'red', 'a'][i]);
    expect(changed.length === 1 || changed.length === 2).toBe(true);
    if (replaced[0] !== 'red') expect(replaced[3]).toBe(replaced[0]);
    // "a" is a stop word, so it is never replaced even though it has a synonym.
    for (let seed = 0; seed < 10; seed++) {
      const all = synonymReplacement(words, 10, SeededRandom.fromSeed(seed), thesaurus);
      expect(all).not.toContain('red');
      expect(all).not.toContain('star');
      expect(all).toContain('backdrop');
      expect(all.filter((word) => word === 'a')).toHaveLength(2);
    }
    expect(synonymReplacement(words, 0, SeededRandom.fromSeed(1), thesaurus)).toEqual(words);
  });

  it('inserts n synonyms of sentence words at random places', () => {
    const inserted = randomInsertion(words, 3, SeededRandom.fromSeed(5), thesaurus);
    expect(inserted).toHaveLength(words.length + 3);
    const extra = [...inserted];
    for (const word of words) extra.splice(extra.indexOf(word), 1);
    for (const word of extra) expect(['sun', 'crimson', 'scarlet', 'backdrop', 'angstrom']).toContain(word);
    expect(randomInsertion(['zzz'], 2, SeededRandom.fromSeed(1), thesaurus)).toEqual(['zzz']);
  });
});

describe('eda', () => {
  it('is the identity when every rate is 0', () => {
    expect(eda('Two RED stars!', SeededRandom.fromSeed(1), { alpha: 0, augmentations: 3 })).toEqual([
      'Two RED stars!',
      'Two RED stars!',
      'Two RED stars!',
    ]);
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const run = (seed: number) =>
      eda(sentence, SeededRandom.fromSeed(seed), { augmentations: 8, synonyms: thesaurus });
    expect(run(3)).toEqual(run(3));
    expect(run(3)).toHaveLength(8);
    expect(run(3)).not.toEqual(run(4));
    const single = augmentCaption(sentence, SeededRandom.fromSeed(9), { synonyms: thesaurus });
    expect(single).toBe(eda(sentence, SeededRandom.fromSeed(9), { synonyms: thesaurus })[0]);
  });

  it('applies only the operations with a positive rate', () => {
    for (let seed = 0; seed < 5; seed++) {
      // Distinct words, so every swap changes the sentence.
      for (const out of eda('small red star on striped blue background', SeededRandom.fromSeed(seed), {
        alpha: 0,
        randomSwap: 0.3,
        augmentations: 4,
        synonyms: thesaurus,
      })) {
        expect(sorted(out.split(' '))).toEqual(sorted(edaWords('small red star on striped blue background')));
        expect(out).not.toBe('small red star on striped blue background');
      }
    }
    expect(() => eda(sentence, SeededRandom.fromSeed(1), { alpha: 2 })).toThrow(/rate must be in \[0, 1\]/);
  });
});
