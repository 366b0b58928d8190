import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';

const draw = (random: SeededRandom, n: number) => Array.from({ length: n }, () => random.nextUint32());

describe('SeededRandom', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    expect(draw(SeededRandom.fromSeed(42), 8)).toEqual(draw(SeededRandom.fromSeed(42), 8));
    expect(draw(SeededRandom.fromSeed(42), 8)).not.toEqual(draw(SeededRandom.fromSeed(43), 8));
    expect(draw(SeededRandom.fromSeed('42'), 8)).not.toEqual(draw(SeededRandom.fromSeed(42), 8));
  });

  it('derives named streams independent of draws made before', () => {
    const parent = SeededRandom.fromSeed(7);
    const before = draw(parent.derive('shuffle'), 5);
    draw(parent, 100);
    expect(draw(parent.derive('shuffle'), 5)).toEqual(before);
    expect(draw(parent.derive('noise'), 5)).not.toEqual(before);
    expect(draw(parent.derive('a').derive('b'), 5)).not.toEqual(draw(parent.derive('b').derive('a'), 5));
  });

  it('resumes exactly from a serialised state, including a pending normal deviate', () => {
    const random = SeededRandom.fromSeed(3);
    random.normal();
    const saved = JSON.parse(JSON.stringify(random.getState()));
    const resumed = SeededRandom.fromState(saved);
    expect([resumed.normal(), resumed.next(), resumed.int(10)]).toEqual([
      random.normal(),
      random.next(),
      random.int(10),
    ]);
    expect(() => SeededRandom.fromState({ ...saved, state: [1, 2] })).toThrow(/xoshiro128/);
  });

  it('draws uniform floats in [0, 1) with the right mean, and normals with mean 0 and std 1', () => {
    const random = SeededRandom.fromSeed(1);
    const uniform = random.uniformArray(20000);
    const mean = uniform.reduce((a, b) => a + b, 0) / uniform.length;
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniform)).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 1);
    const normal = random.normalArray(20000);
    const normalMean = normal.reduce((a, b) => a + b, 0) / normal.length;
    const variance = normal.reduce((a, b) => a + (b - normalMean) ** 2, 0) / normal.length;
    expect(Math.abs(normalMean)).toBeLessThan(0.03);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
    const truncated = random.truncatedNormalArray(5000, 0.02, 2);
    expect(Math.max(...truncated.map(Math.abs))).toBeLessThanOrEqual(0.04 + 1e-7);
  });

  it('shuffles into a permutation without touching the input, and samples without replacement', () => {
    const random = SeededRandom.fromSeed(5);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = random.shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual(items);
    const sample = random.sample(items, 5);
    expect(new Set(sample).size).toBe(5);
    expect(() => random.sample(items, 9)).toThrow(/Cannot sample 9 of 8/);
  });

  it('draws integers without bias over a small range and weighted indices in proportion', () => {
    const random = SeededRandom.fromSeed(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[random.int(3)]!++;
    for (const count of counts) expect(count / 30000).toBeCloseTo(1 / 3, 1);
    const weighted = [0, 0, 0];
    for (let i = 0; i < 30000; i++) weighted[random.weightedIndex([1, 0, 3])]!++;
    expect(weighted[1]).toBe(0);
    expect(weighted[2]! / weighted[0]!).toBeGreaterThan(2.7);
    expect(weighted[2]! / weighted[0]!).toBeLessThan(3.3);
    expect(() => random.weightedIndex([0, 0])).toThrow(/positive weight/);
    expect(() => random.int(0)).toThrow(RangeError);
  });
});
