import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateDemoBars, formatDemoBars } from './demo-bars.js';
import { demoStudyConfig } from './demo-study.js';
import type { ModelEvaluation, StudyResults } from './study-results.js';
import { writeStudyOutput } from './write-study-output.js';

function model(hit10: number, minRankMean: number, recall10: number): ModelEvaluation {
  return {
    training: {
      steps: 10,
      epochs: 2,
      seconds: 1,
      imagesPerSecond: 100,
      finalLoss: 1.25,
      epochMeanLosses: [2, 1.5],
    },
    recall: { textToImage: { 1: 0.1, 10: recall10 }, imageToText: { 1: 0.2, 10: recall10 + 0.01 } },
    zeroShotAccuracy: { 1: 0.5 },
    goals: [
      {
        name: 'star2heart',
        source: 'star',
        target: 'heart',
        targets: 10,
        attack: {
          queries: 50,
          hitAtK: { 1: 0, 10: hit10 },
          minRank: { count: 50, mean: minRankMean, median: 9, min: 1, max: 40 },
        },
        baseline: {
          queries: 50,
          hitAtK: { 1: 0.02, 10: 0.5 },
          minRank: { count: 50, mean: 12, median: 11, min: 1, max: 50 },
        },
      },
    ],
  };
}

function results(poisoned: ModelEvaluation): StudyResults {
  return {
    format: 'mmpoison-study-results',
    version: 1,
    name: 'hand-made',
    seed: 42,
    config: demoStudyConfig('/tmp/unused', 'test'),
    startedAt: '2024-01-01T00:00:00.000Z',
    versions: { node: 'v20' },
    backend: { name: 'cpu' },
    machine: { cpus: 2, loadAverage: [1, 2, 3] },
    timings: { total: 12.5 },
    data: { train: 260, test: 72, testCaptions: 360, classes: ['star', 'heart'] },
    poisoning: {
      attack: 'single-target-label',
      mode: 'add',
      seed: 42,
      requested: { count: 20 },
      goals: [{ name: 'star2heart', source: 'star', target: 'heart', poisonCount: 20, rate: 20 / 260 }],
      counts: { clean: 240, cleanKept: 240, poisons: 20, total: 260 },
      rate: 20 / 260,
      examplePoisonedIds: ['p0'],
    },
    models: { clean: model(0.2, 20, 0.6), poisoned },
    cosineDistance: { images: { mean: 0.1, median: 0.09 }, captions: { mean: Number.NaN, median: 0.2 } },
  };
}

describe('the demo bars', () => {
  it('are met when Hit@10 rises by 0.3, MinRank halves and Recall@10 stays within 0.05', () => {
    const bars = evaluateDemoBars(results(model(0.5, 10, 0.56)));
    expect(bars.map((bar) => bar.met)).toEqual([true, true, true, true]);
    expect(bars[0]).toMatchObject({ clean: 0.2, poisoned: 0.5, required: '≥ 0.500' });
    expect(formatDemoBars(bars).split('\n')[1]).toBe(
      "[met]     star2heart mean MinRank at most half the clean model's: clean 20, poisoned 10 (needed ≤ 10.00)",
    );
  });

  it('each fail on its own', () => {
    expect(evaluateDemoBars(results(model(0.49, 10, 0.6))).map((bar) => bar.met)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(evaluateDemoBars(results(model(0.9, 10.5, 0.6))).map((bar) => bar.met)).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(evaluateDemoBars(results(model(0.9, 5, 0.66))).map((bar) => bar.met)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('writeStudyOutput', () => {
  it('writes results.json and a report with the comparison table, and no temporary file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'mmpoison-output-'));
    try {
      const paths = await writeStudyOutput(join(folder, 'run'), results(model(0.7, 5, 0.58)));
      expect((await readdir(join(folder, 'run'))).sort()).toEqual(['report.md', 'results.json']);
      const written = JSON.parse(await readFile(paths.results, 'utf8'));
      expect(written.models.poisoned.goals[0].attack.hitAtK['10']).toBe(0.7);
      expect(written.cosineDistance.captions.mean).toBe('NaN');
      const report = await readFile(paths.report, 'utf8');
      expect(report).toContain('| star2heart text→image Hit@10 | 0.200 | 0.700 | +0.500 |');
      expect(report).toContain('| star2heart MinRank mean | 20 | 5 | -15 |');
      expect(report).toContain('| utility Recall@10 text→image | 0.600 | 0.580 | -0.020 |');
      expect(report).toContain('20 poisons in a training set of 260');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
