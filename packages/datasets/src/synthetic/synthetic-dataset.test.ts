import { SeededRandom } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { shapeCatalogue, syntheticClassNames } from './shape-catalogue.js';
import { generateSyntheticDataset } from './synthetic-dataset.js';
import { sampleScene } from './synthetic-scene.js';

/** Whether a caption names the class word or one of its nouns (singular or plural). */
function namesClass(caption: string, classIndex: number): boolean {
  const shape = shapeCatalogue[classIndex]!;
  return shape.nouns.some((noun) => caption.includes(noun.singular) || caption.includes(noun.plural));
}

describe('generateSyntheticDataset', () => {
  it('creates balanced splits of at least ten plain-word classes with knowledge elements, instantly', () => {
    const started = performance.now();
    const benchmark = generateSyntheticDataset({ seed: 1, imagesPerClass: 500, testImagesPerClass: 50 });
    expect(performance.now() - started).toBeLessThan(250);
    expect(benchmark.classNames.length).toBeGreaterThanOrEqual(10);
    expect(benchmark.classNames).toEqual(syntheticClassNames);
    for (const name of benchmark.classNames) expect(name).toMatch(/^[a-z]+$/);
    expect(benchmark.train.size).toBe(500 * benchmark.classNames.length);
    expect(benchmark.test.size).toBe(50 * benchmark.classNames.length);
    expect(benchmark.train.classNames).toEqual(benchmark.classNames);
    for (const name of benchmark.classNames)
      expect(benchmark.knowledgeElements[name]!.length).toBeGreaterThanOrEqual(5);
    const counts = new Array<number>(benchmark.classNames.length).fill(0);
    for (let i = 0; i < 240; i++) counts[benchmark.test.meta(i).label!]!++;
    expect(new Set(counts)).toEqual(new Set([20]));
  });

  it('draws five distinct captions that usually, but not always, name the class', () => {
    const { train, classNames } = generateSyntheticDataset({ seed: 2, imagesPerClass: 30 });
    let named = 0;
    let total = 0;
    for (let i = 0; i < train.size; i++) {
      const meta = train.meta(i);
      expect(meta.captions).toHaveLength(5);
      expect(new Set(meta.captions).size).toBe(5);
      for (const caption of meta.captions) {
        expect(caption).toMatch(/^[a-z][a-z ,'-]*[a-z]$/);
        total++;
        if (namesClass(caption, meta.label!)) named++;
      }
    }
    expect(classNames[train.meta(3).label!]).toBe('star');
    expect(named / total).toBeGreaterThan(0.7);
    expect(named / total).toBeLessThan(0.95);
  });

  it('labels each image with one of its objects and varies count, distractors, texture and size', () => {
    const { train } = generateSyntheticDataset({ seed: 3, imagesPerClass: 40 });
    const counts = new Set<number>();
    const textures = new Set<string>();
    let withDistractors = 0;
    let small = 0;
    let clutter = 0;
    for (let i = 0; i < train.size; i++) {
      const scene = train.scene(i);
      expect(scene.label).toBe(train.meta(i).label);
      expect(scene.objects.length).toBeGreaterThanOrEqual(1);
      expect(scene.objects.length).toBeLessThanOrEqual(3);
      const ofLabel = scene.objects.filter((object) => object.classIndex === scene.label);
      expect(ofLabel.length).toBe(scene.primaryCount);
      for (const object of scene.objects) {
        expect(object.x).toBeGreaterThanOrEqual(0);
        expect(object.x).toBeLessThanOrEqual(scene.imageSize);
      }
      counts.add(scene.primaryCount);
      textures.add(scene.background.texture);
      if (scene.objects.length > scene.primaryCount) withDistractors++;
      if (scene.objects.some((object) => object.size === 'small')) small++;
      if (scene.clutter.length > 0) clutter++;
    }
    expect([...counts].sort()).toEqual([1, 2, 3]);
    expect([...textures].sort()).toEqual(['dots', 'gradient', 'noise', 'plain', 'stripes']);
    for (const share of [withDistractors, small, clutter]) {
      expect(share / train.size).toBeGreaterThan(0.15);
      expect(share / train.size).toBeLessThan(0.85);
    }
  });

  it('makes easy scenes without distractors, small objects, clutter or noise', () => {
    const { train } = generateSyntheticDataset({ seed: 3, imagesPerClass: 20, difficulty: 'easy' });
    expect(train.difficulty).toBe('easy');
    for (let i = 0; i < train.size; i++) {
      const scene = train.scene(i);
      expect(scene.objects.every((object) => object.primary && object.size === 'large')).toBe(true);
      expect(scene.clutter).toEqual([]);
      expect(scene.noise).toBe(0);
    }
    expect(() => generateSyntheticDataset({ seed: 1, difficulty: 'hard' as 'easy' })).toThrow(/difficulty/);
  });

  it('draws the label in proportion to object counts, conditioned on the wanted class', () => {
    // With rejection on the label, scenes with distractors are under-represented exactly by the
    // share of their objects that are of the class: P(k primary, d distractors | label) ∝ P(k, d)·k/(k+d).
    const random = SeededRandom.fromSeed(11);
    let single = 0;
    let singleWithTwoDistractors = 0;
    for (let i = 0; i < 4000; i++) {
      const scene = sampleScene(random.derive(`s${i}`), shapeCatalogue, 4, 32);
      if (scene.primaryCount === 1 && scene.objects.length === 1) single++;
      if (scene.primaryCount === 1 && scene.objects.length === 3) singleWithTwoDistractors++;
    }
    // Prior: k = 1 with 0.55, then no distractor 0.5, two distractors 0.25; weights 1 and 1/3.
    const expectedRatio = (0.55 * 0.5 * 1) / (0.55 * 0.25 * (1 / 3));
    expect(single / singleWithTwoDistractors).toBeGreaterThan(expectedRatio * 0.75);
    expect(single / singleWithTwoDistractors).toBeLessThan(expectedRatio * 1.3);
  });

  it('renders lazily to [0, 1] RGB images of the requested size, deterministic per record', async () => {
    const first = generateSyntheticDataset({
      seed: 5,
      imagesPerClass: 2,
      testImagesPerClass: 1,
      imageSize: 24,
    });
    const again = generateSyntheticDataset({
      seed: 5,
      imagesPerClass: 7,
      testImagesPerClass: 3,
      imageSize: 24,
    });
    const other = generateSyntheticDataset({
      seed: 6,
      imagesPerClass: 2,
      testImagesPerClass: 1,
      imageSize: 24,
    });
    const item = await first.train.load(13);
    expect(item.image.width).toBe(24);
    expect(item.image.height).toBe(24);
    expect(item.image.data.length).toBe(24 * 24 * 3);
    expect(Math.min(...item.image.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...item.image.data)).toBeLessThanOrEqual(1);
    expect(new Set(item.image.data).size).toBeGreaterThan(3);
    expect(item.id).toBe('train-000013');
    // The same record does not depend on the split's size, and another seed changes it.
    expect((await again.train.load(13)).image.data).toEqual(item.image.data);
    expect(again.train.meta(13)).toEqual(first.train.meta(13));
    expect((await other.train.load(13)).image.data).not.toEqual(item.image.data);
    expect(other.train.meta(13).captions).not.toEqual(first.train.meta(13).captions);
    expect(first.test.meta(0).captions).not.toEqual(first.train.meta(0).captions);
    // Cached bytes are reused, uncached renders are identical.
    expect(await first.train.loadBytes(13)).toBe(await first.train.loadBytes(13));
    const uncached = generateSyntheticDataset({ seed: 5, imagesPerClass: 2, imageSize: 24, cache: false });
    expect(await uncached.train.loadBytes(13)).not.toBe(await uncached.train.loadBytes(13));
    expect(await uncached.train.loadBytes(13)).toEqual(await first.train.loadBytes(13));
  });

  it('honours an abort signal and rejects bad options and indices with clear errors', async () => {
    const { train } = generateSyntheticDataset({ seed: 1, imagesPerClass: 1, classes: ['star', 'ring'] });
    expect(train.classNames).toEqual(['star', 'ring']);
    expect(train.meta(1).label).toBe(1);
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(train.load(0, { signal: controller.signal })).rejects.toThrow('stopped');
    expect(() => train.meta(2)).toThrow(/record 2 does not exist: the split has 2/);
    expect(() => generateSyntheticDataset({ seed: 1, classes: ['star', 'dragon'] })).toThrow(
      /Unknown synthetic class 'dragon'; expected one of circle/,
    );
    expect(() => generateSyntheticDataset({ seed: 1, classes: ['star'] })).toThrow(/at least 2 classes/);
    expect(() => generateSyntheticDataset({ seed: 1, imageSize: 8 })).toThrow(/imageSize must be an integer/);
    expect(() => generateSyntheticDataset({ seed: 1, imagesPerClass: 0.5 })).toThrow(/imagesPerClass/);
  });
});
