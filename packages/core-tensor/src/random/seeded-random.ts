/**
 * One seeded generator for everything random in mmpoison: shuffles, sampling, noise and tensor
 * initialisation. xoshiro128** (Blackman & Vigna) over 32-bit state words: fast in JavaScript's
 * 32-bit integer arithmetic, period 2^128 − 1, and its whole state is four numbers, so a checkpoint
 * can store it and resume the stream exactly.
 *
 * Streams are split by *name*, not by draw order: `random.derive('shuffle')` depends only on the
 * parent's seed key and the name, so adding a draw in one component never shifts another's numbers.
 */

/** The serialisable state of a {@link SeededRandom}: JSON-safe and enough to resume the stream. */
export interface RandomState {
  readonly algorithm: 'xoshiro128**';
  /** Derivation key: the seed and the names of the derived streams, hashed. */
  readonly key: readonly [number, number, number, number];
  /** The generator's four 32-bit state words. */
  readonly state: readonly [number, number, number, number];
  /** A cached second normal deviate from the Box–Muller pair, if one is pending. */
  readonly spareNormal: number | null;
}

export type Seed = number | string;

const UINT32 = 0x1_0000_0000;

export class SeededRandom {
  private readonly key: [number, number, number, number];
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  private constructor(key: [number, number, number, number], state?: readonly number[]) {
    this.key = key;
    const initial = state ?? expandKey(key);
    this.s0 = initial[0]! >>> 0;
    this.s1 = initial[1]! >>> 0;
    this.s2 = initial[2]! >>> 0;
    this.s3 = initial[3]! >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9;
  }

  /** A generator for `seed`; the same seed always gives the same stream. */
  static fromSeed(seed: Seed): SeededRandom {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`A seed must be a finite number or a string, got ${seed}`);
    }
    return new SeededRandom(hashWords([`seed:${typeof seed}:${String(seed)}`]));
  }

  /** Resumes a generator from {@link SeededRandom.getState}. */
  static fromState(saved: RandomState): SeededRandom {
    if (saved.algorithm !== 'xoshiro128**' || saved.key.length !== 4 || saved.state.length !== 4) {
      throw new TypeError(`Not a saved xoshiro128** random state: ${JSON.stringify(saved)}`);
    }
    const random = new SeededRandom([...saved.key] as [number, number, number, number], saved.state);
    random.spareNormal = saved.spareNormal;
    return random;
  }

  /**
   * An independent stream named `name`. It depends only on this generator's seed key and the name
   * (not on how many numbers were drawn), so `derive('a')` is the same before and after draws.
   */
  derive(name: string): SeededRandom {
    return new SeededRandom(hashWords([...this.key.map(String), `derive:${name}`]));
  }

  getState(): RandomState {
    return {
      algorithm: 'xoshiro128**',
      key: [...this.key],
      state: [this.s0, this.s1, this.s2, this.s3],
      spareNormal: this.spareNormal,
    };
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, maxExclusive), without modulo bias. */
  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0 || maxExclusive > UINT32) {
      throw new RangeError(`int() needs an integer bound in [1, 2^32], got ${maxExclusive}`);
    }
    const limit = UINT32 - (UINT32 % maxExclusive);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % maxExclusive;
  }

  /** A uniform integer in [low, high] (both inclusive). */
  intBetween(low: number, high: number): number {
    if (high < low) throw new RangeError(`intBetween(${low}, ${high}): high is below low`);
    return low + this.int(high - low + 1);
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A normal deviate (Box–Muller; the second of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return mean + std * spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** Fills (or allocates) a Float32Array with uniform values in [low, high). */
  uniformArray(length: number, low = 0, high = 1, out = new Float32Array(length)): Float32Array {
    for (let i = 0; i < length; i++) out[i] = low + (high - low) * this.next();
    return out;
  }

  /** Fills (or allocates) a Float32Array with normal deviates. */
  normalArray(length: number, mean = 0, std = 1, out = new Float32Array(length)): Float32Array {
    for (let i = 0; i < length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Normal deviates redrawn until they fall within `bound` standard deviations (tensor init). */
  truncatedNormalArray(length: number, std = 1, bound = 2, out = new Float32Array(length)): Float32Array {
    for (let i = 0; i < length; i++) {
      let value = this.normal();
      while (Math.abs(value) > bound) value = this.normal();
      out[i] = value * std;
    }
    return out;
  }

  /** A shuffled copy (Fisher–Yates); the input is not modified. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const swap = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = swap;
    }
    return copy;
  }

  /** A random permutation of 0 … n−1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** `count` distinct items, in random order, without replacement. */
  sample<T>(items: readonly T[], count: number): T[] {
    if (!Number.isInteger(count) || count < 0 || count > items.length) {
      throw new RangeError(`Cannot sample ${count} of ${items.length} items without replacement`);
    }
    // Partial Fisher–Yates over indices: O(count) draws.
    const indices = Array.from({ length: items.length }, (_, i) => i);
    const chosen: T[] = [];
    for (let i = 0; i < count; i++) {
      const j = i + this.int(items.length - i);
      const swap = indices[i]!;
      indices[i] = indices[j]!;
      indices[j] = swap;
      chosen.push(items[indices[i]!]!);
    }
    return chosen;
  }

  /** One item, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice() of an empty list');
    return items[this.int(items.length)]!;
  }

  /** An index drawn in proportion to non-negative `weights`. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) {
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new RangeError(`weightedIndex() needs finite non-negative weights, got ${weight}`);
      }
      total += weight;
    }
    if (total <= 0) throw new RangeError('weightedIndex() needs at least one positive weight');
    let threshold = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      threshold -= weights[i]!;
      if (threshold < 0) return i;
    }
    return weights.length - 1;
  }
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** cyrb128: hashes strings into four well-mixed 32-bit words (a seed key). */
function hashWords(parts: readonly string[]): [number, number, number, number] {
  const text = parts.join('\u0000');
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** SplitMix32 over the key, so the generator's first outputs are not the key itself. */
function expandKey(key: readonly number[]): number[] {
  let z = (key[0]! ^ key[1]! ^ key[2]! ^ key[3]!) >>> 0;
  return key.map((word) => {
    z = (z + 0x9e3779b9) >>> 0;
    let mixed = (z ^ word) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  });
}
