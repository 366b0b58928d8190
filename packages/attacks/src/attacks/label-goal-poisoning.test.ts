import type { ImageCaptionDataset } from '@mmpoison/core-tensor';
import { describe, expect, it } from 'vitest';
import { createFixtureDataset } from '../__fixtures__/labelled-dataset.js';
import { multipleTargetLabelsAttack } from './multiple-target-labels.js';
import { singleTargetImageAttack } from './single-target-image.js';
import { singleTargetLabelAttack } from './single-target-label.js';

const SHEEP = 2;
const AEROPLANE = 3;

async function snapshot(dataset: ImageCaptionDataset) {
  const metas = Array.from({ length: dataset.size }, (_, i) => JSON.stringify(dataset.meta(i)));
  const pixels = await Promise.all(
    Array.from({ length: dataset.size }, async (_, i) => (await dataset.load(i)).image.data),
  );
  return { metas, pixels };
}

describe('Attack II, single target label', () => {
  it('adds round(φ·N / (1 − φ)) whole-record poisons: sheep captions on aeroplane images', async () => {
    const clean = createFixtureDataset();
    const before = await snapshot(clean);
    const loadsBefore = clean.loads;
    const { dataset, manifest } = singleTargetLabelAttack(clean, {
      source: 'sheep',
      target: 'aeroplane',
      poisons: { rate: 0.1 },
    });
    // Lazy: choosing the poisons decodes no image.
    expect(clean.loads).toBe(loadsBefore);
    // 0.1 · 50 / 0.9 = 5.56 → 6 poisons; |D| = 56; achieved φ = 6 / 56.
    expect(manifest.counts).toEqual({ clean: 50, cleanKept: 50, poisons: 6, total: 56 });
    expect(dataset.size).toBe(56);
    expect(manifest.rate).toBeCloseTo(6 / 56, 12);
    expect(manifest.goals).toEqual([
      { name: 'sheep2aeroplane', source: 'sheep', target: 'aeroplane', poisonCount: 6, rate: 6 / 56 },
    ]);
    expect(manifest.mode).toBe('add');
    expect(manifest.seed).toBe(42);
    expect(manifest.poisonedIds).toEqual([
      'poison-0001',
      'poison-0002',
      'poison-0003',
      'poison-0004',
      'poison-0005',
      'poison-0006',
    ]);
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);

    const captionRecords = new Set<string>();
    const imageRecords = new Set<string>();
    for (const poison of manifest.poisons) {
      expect(poison.index).toBeGreaterThanOrEqual(50);
      expect(dataset.isPoisoned(poison.index)).toBe(true);
      const captionIndex = Number(poison.captionsFrom!.split('-')[1]);
      const captionMeta = clean.meta(SHEEP * 10 + captionIndex);
      expect(captionMeta.id).toBe(poison.captionsFrom);
      expect(captionMeta.label).toBe(SHEEP);
      expect(poison.captions).toEqual(captionMeta.captions);
      expect(poison.imageFrom.startsWith(`c${AEROPLANE}-`)).toBe(true);
      const item = await dataset.load(poison.index);
      expect(item.id).toBe(poison.id);
      expect(item.captions).toEqual(captionMeta.captions);
      expect(item.label).toBe(SHEEP);
      const imageIndex = AEROPLANE * 10 + Number(poison.imageFrom.split('-')[1]);
      expect(item.image.data).toEqual((await clean.load(imageIndex)).image.data);
      expect(item.source).toBe(clean.meta(imageIndex).source);
      captionRecords.add(poison.captionsFrom!);
      imageRecords.add(poison.imageFrom);
    }
    expect(captionRecords.size).toBe(6);
    expect(imageRecords.size).toBe(6);
    // Clean records read through unchanged, and the clean dataset itself is untouched.
    for (let i = 0; i < 50; i++) expect(dataset.meta(i)).toBe(clean.meta(i));
    expect(await snapshot(clean)).toEqual(before);
    await expect(dataset.load(56)).rejects.toThrow(/out of range/);
  });

  it('cycles through the target class images when there are more poisons than images', () => {
    const clean = createFixtureDataset({ perClass: [5, 5, 15, 4, 5] });
    const { manifest } = singleTargetLabelAttack(clean, {
      source: 'sheep',
      target: 'aeroplane',
      poisons: { count: 12 },
    });
    const uses = new Map<string, number>();
    for (const poison of manifest.poisons) uses.set(poison.imageFrom, (uses.get(poison.imageFrom) ?? 0) + 1);
    expect([...uses.values()]).toEqual([3, 3, 3, 3]);
    expect(manifest.counts.total).toBe(34 + 12);
  });

  it('replace mode: each poison takes the place of the sheep record whose captions it carries', async () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = singleTargetLabelAttack(clean, {
      source: 'sheep',
      target: 'aeroplane',
      poisons: { rate: 0.1 },
      mode: 'replace',
    });
    expect(manifest.counts).toEqual({ clean: 50, cleanKept: 45, poisons: 5, total: 50 });
    expect(dataset.size).toBe(50);
    for (const poison of manifest.poisons) {
      expect(poison.replaced).toBe(poison.captionsFrom);
      expect(clean.meta(poison.index).id).toBe(poison.replaced);
      expect(dataset.meta(poison.index).id).toBe(poison.id);
    }
  });

  it('is identical for one seed and differs for another', async () => {
    const clean = createFixtureDataset();
    const build = (seed: number) =>
      singleTargetLabelAttack(clean, { source: 'sheep', target: 'aeroplane', poisons: { count: 5 }, seed });
    const a = build(1);
    const b = build(1);
    const c = build(2);
    expect(b.manifest).toEqual(a.manifest);
    expect(await snapshot(b.dataset)).toEqual(await snapshot(a.dataset));
    expect(c.manifest.poisons).not.toEqual(a.manifest.poisons);
  });

  it('refuses bad goals before doing any work, naming the class and the numbers', () => {
    const clean = createFixtureDataset();
    expect(() =>
      singleTargetLabelAttack(clean, { source: 'sheeep', target: 'aeroplane', poisons: { count: 1 } }),
    ).toThrow(/source class 'sheeep' does not exist; classes: cat, dog, sheep, aeroplane, banana/);
    expect(() =>
      singleTargetLabelAttack(clean, { source: 'sheep', target: 9, poisons: { count: 1 } }),
    ).toThrow(/target class 9/);
    // 0.25 · 50 / 0.75 = 16.7 → 17 poisons, but sheep has only 10 records.
    expect(() =>
      singleTargetLabelAttack(clean, { source: 'sheep', target: 'aeroplane', poisons: { rate: 0.25 } }),
    ).toThrow(
      /needs 17 poisons \(rate 0.25 of a final 67-record training set\).*'sheep' has only 10 records \(30 captions\)/,
    );
    const noPlanes = createFixtureDataset({ perClass: [3, 3, 3, 0, 3] });
    expect(() =>
      singleTargetLabelAttack(noPlanes, { source: 'sheep', target: 'aeroplane', poisons: { count: 1 } }),
    ).toThrow(/target class 'aeroplane' of goal sheep2aeroplane has no images/);
    const unlabelled = createFixtureDataset({ unlabelled: true });
    expect(() =>
      singleTargetLabelAttack(unlabelled, { source: 'sheep', target: 'aeroplane', poisons: { count: 1 } }),
    ).toThrow(/needs a labelled dataset/);
    expect(() =>
      singleTargetLabelAttack(clean, { source: 'sheep', target: 'sheep', poisons: { count: 1 } }),
    ).toThrow(/onto itself/);
    expect(() =>
      singleTargetLabelAttack(clean, { source: 'sheep', target: 'dog', poisons: { rate: 0.001 } }),
    ).toThrow(/rounds to 0/);
    expect(clean.loads).toBe(0);
  });
});

describe('Attack I, single target image', () => {
  it('pairs every poison with one fixed image x* of the target class', async () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = singleTargetImageAttack(clean, {
      source: 'sheep',
      target: 'aeroplane',
      poisons: { count: 4 },
    });
    const targetId = manifest.goals[0]!.targetImage!;
    expect(targetId.startsWith(`c${AEROPLANE}-`)).toBe(true);
    expect(manifest.attack).toBe('single-target-image');
    expect(manifest.options.targetImage).toBe(targetId);
    expect(manifest.poisons.map((poison) => poison.imageFrom)).toEqual([
      targetId,
      targetId,
      targetId,
      targetId,
    ]);
    expect(new Set(manifest.poisons.map((poison) => poison.captionsFrom)).size).toBe(4);
    const targetIndex = AEROPLANE * 10 + Number(targetId.split('-')[1]);
    const item = await dataset.load(manifest.poisons[2]!.index);
    expect(item.image.data).toEqual((await clean.load(targetIndex)).image.data);
  });

  it('takes a chosen target image and checks its class', () => {
    const clean = createFixtureDataset();
    const { manifest } = singleTargetImageAttack(clean, {
      source: 'sheep',
      target: 'aeroplane',
      targetImage: 'c3-7',
      poisons: { count: 2 },
    });
    expect(manifest.poisons.every((poison) => poison.imageFrom === 'c3-7')).toBe(true);
    expect(() =>
      singleTargetImageAttack(clean, {
        source: 'sheep',
        target: 'aeroplane',
        targetImage: 'c1-7',
        poisons: { count: 2 },
      }),
    ).toThrow(/'c1-7' is labelled 'dog', not the target class 'aeroplane'/);
    expect(() =>
      singleTargetImageAttack(clean, {
        source: 'sheep',
        target: 'aeroplane',
        targetImage: 'nope',
        poisons: { count: 2 },
      }),
    ).toThrow(/'nope' is not a record/);
  });
});

describe('Attack III, multiple target labels', () => {
  it('poisons each disjoint goal at the rate of the final training set', () => {
    const clean = createFixtureDataset();
    const { dataset, manifest } = multipleTargetLabelsAttack(clean, {
      goals: [
        { source: 'sheep', target: 'aeroplane' },
        { source: 'cat', target: 'banana' },
      ],
      poisons: { rate: 0.05 },
    });
    // Per goal 0.05 · 50 / (1 − 2 · 0.05) = 2.78 → 3; |D| = 56.
    expect(manifest.counts).toEqual({ clean: 50, cleanKept: 50, poisons: 6, total: 56 });
    expect(dataset.size).toBe(56);
    expect(manifest.goals.map((goal) => [goal.name, goal.poisonCount, goal.rate])).toEqual([
      ['sheep2aeroplane', 3, 3 / 56],
      ['cat2banana', 3, 3 / 56],
    ]);
    for (const poison of manifest.poisons) {
      const [captionClass, imageClass] = poison.goal === 0 ? ['c2-', 'c3-'] : ['c0-', 'c4-'];
      expect(poison.captionsFrom!.startsWith(captionClass!)).toBe(true);
      expect(poison.imageFrom.startsWith(imageClass!)).toBe(true);
    }
  });

  it('refuses goals that are not disjoint', () => {
    const clean = createFixtureDataset();
    const goals = (list: [string, string][]) => list.map(([source, target]) => ({ source, target }));
    expect(() =>
      multipleTargetLabelsAttack(clean, {
        goals: goals([
          ['sheep', 'aeroplane'],
          ['aeroplane', 'cat'],
        ]),
        poisons: { count: 1 },
      }),
    ).toThrow(/'aeroplane' is both a source and a target/);
    expect(() =>
      multipleTargetLabelsAttack(clean, {
        goals: goals([
          ['sheep', 'aeroplane'],
          ['sheep', 'cat'],
        ]),
        poisons: { count: 1 },
      }),
    ).toThrow(/'sheep' is the source of two goals/);
    expect(() => multipleTargetLabelsAttack(clean, { goals: [], poisons: { count: 1 } })).toThrow(/no goal/);
  });
});
