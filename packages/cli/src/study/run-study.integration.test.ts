import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStudyConfig, requireDemoCheckpoint } from './demo-study.js';
import { runStudy } from './run-study.js';
import type { StudyResults } from './study-results.js';

let folder: string;
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  folder = await mkdtemp(join(tmpdir(), 'mmpoison-study-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('runStudy on a small version of the demo', () => {
  it('poisoning raises the goal Hit@K over the clean model and writes results.json and report.md', async () => {
    requireDemoCheckpoint();
    const tensorsBefore = tf.memory().numTensors;
    const { results, files } = await runStudy(demoStudyConfig(join(folder, 'out'), 'test'));
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const clean = results.models.clean.goals![0]!;
    const poisoned = results.models.poisoned.goals![0]!;
    expect(clean.name).toBe('star2heart');
    // The direction of the attack's effect (seed paper 1, Attack II): class-A captions retrieve
    // class-B images more often, and rank them higher, after poisoning.
    expect(poisoned.attack.hitAtK[10]!).toBeGreaterThan(clean.attack.hitAtK[10]!);
    expect(poisoned.attack.minRank.mean).toBeLessThan(clean.attack.minRank.mean);
    // Both models see identical queries: the baseline's draw does not depend on the model.
    expect(poisoned.attack.queries).toBe(clean.attack.queries);
    expect(results.poisoning.counts.poisons).toBe(30);
    expect(results.models.clean.training.steps).toBeGreaterThan(0);

    const written = JSON.parse(await readFile(files!.results, 'utf8')) as StudyResults;
    expect(written.models.poisoned.goals![0]!.attack.hitAtK[10]).toBe(poisoned.attack.hitAtK[10]);
    expect(written.config.attack.name).toBe('single-target-label');
    expect(written.versions['@mmpoison/cli']).toBe('0.0.0');
    const report = await readFile(files!.report, 'utf8');
    expect(report).toContain('| star2heart text→image Hit@10 |');
  });
});
