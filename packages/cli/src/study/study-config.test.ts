import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStudyConfig } from './load-study-config.js';
import { parseStudyConfig } from './study-config.js';
import { StudyConfigError } from './study-config-error.js';

function validConfig(): Record<string, unknown> {
  return {
    name: 'toy',
    seed: 7,
    output: 'runs/toy',
    data: { kind: 'synthetic', imagesPerClass: 10, testImagesPerClass: 2, imageSize: 32 },
    model: { from: 'scratch', config: 'micro', vocabSize: 600, contextLength: 16 },
    attack: { name: 'single-target-label', source: 'star', target: 'heart', poisons: { count: 5 } },
    training: { epochs: 2, batchSize: 16, learningRate: 0.001 },
    evaluation: { ks: [1, 5, 10], queries: 20 },
  };
}

/** `validConfig()` with `value` set at a dotted path (`training.batchSize`). */
function withField(path: string, value: unknown): Record<string, unknown> {
  const config = validConfig();
  const keys = path.split('.');
  let node = config;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return config;
}

function errorOf(value: unknown): StudyConfigError {
  try {
    parseStudyConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(StudyConfigError);
    return error as StudyConfigError;
  }
  throw new Error('expected parseStudyConfig to throw');
}

describe('parseStudyConfig', () => {
  it('reads a valid config with defaults filled in', () => {
    const config = parseStudyConfig(validConfig());
    expect(config.seed).toBe(7);
    expect(config.data).toEqual({
      kind: 'synthetic',
      seed: 7,
      imagesPerClass: 10,
      testImagesPerClass: 2,
      imageSize: 32,
    });
    expect(config.attack).toEqual({
      name: 'single-target-label',
      goals: [{ source: 'star', target: 'heart' }],
      poisons: { count: 5 },
    });
    expect(config.training).toEqual({ epochs: 2, batchSize: 16, learningRate: 0.001 });
    expect(config.evaluation).toEqual({ ks: [1, 5, 10], queries: 20 });
  });

  it('names the bad field and what was expected', () => {
    expect(errorOf(withField('training.batchSize', -3)).message).toBe(
      'training.batchSize: expected an integer ≥ 2, got -3',
    );
    expect(errorOf(withField('training.epochs', 1.5)).message).toBe(
      'training.epochs: expected a positive integer, got 1.5',
    );
    expect(errorOf(withField('training.learningRate', 0)).message).toBe(
      'training.learningRate: expected a positive number, got 0',
    );
    expect(errorOf(withField('attack.poisons', { rate: 1.5 })).message).toBe(
      'attack.poisons.rate: expected a number in (0, 0.999], got 1.5',
    );
    expect(errorOf(withField('evaluation.ks', [1, 'five'])).message).toBe(
      'evaluation.ks[1]: expected a positive integer, got "five"',
    );
    expect(errorOf(withField('data.kind', 'mnist')).message).toBe(
      'data.kind: expected one of synthetic, coco, flickr30k, pascal, csv, tsv, jsonl, imagefolder, got "mnist"',
    );
    expect(errorOf(withField('model.from', undefined)).path).toBe('model.from');
    expect(errorOf(withField('attack.name', 'sheep2aeroplane')).path).toBe('attack.name');
  });

  it('rejects a misspelt field rather than ignoring it', () => {
    const error = errorOf(withField('training.batchsize', 32));
    expect(error.path).toBe('training.batchsize');
    expect(error.message).toContain('is not a known field here');
  });

  it('asks for the fields an attack or a dataset needs', () => {
    expect(
      errorOf(withField('attack', { name: 'single-target-label', target: 'heart', poisons: { count: 2 } }))
        .message,
    ).toBe('attack.source: is required (expected a non-empty string)');
    expect(errorOf(withField('attack.poisons', { rate: 0.1, count: 3 })).path).toBe('attack.poisons.rate');
    expect(errorOf(withField('data', { kind: 'coco', root: 'coco', testPerClass: 5 })).message).toBe(
      'data.captionsFile: is required for coco',
    );
    expect(
      errorOf(
        withField('attack', {
          name: 'multiple-target-labels',
          goals: [{ source: 'star' }],
          poisons: { count: 1 },
        }),
      ).path,
    ).toBe('attack.goals[0].target');
  });

  it('validates a backdoor trigger through the attacks package', () => {
    const backdoor = {
      name: 'backdoor',
      target: 'star',
      trigger: { name: 'badnet', size: 4 },
      poisons: { rate: 0.05 },
    };
    const config = parseStudyConfig(withField('attack', backdoor));
    expect(config.attack).toMatchObject({
      name: 'backdoor',
      trigger: { name: 'badnet', options: { size: 4, seed: 7 } },
    });
    expect(errorOf(withField('attack', { ...backdoor, trigger: { name: 'laser' } })).path).toBe(
      'attack.trigger.name',
    );
  });
});

describe('loadStudyConfig', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mmpoison-config-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads YAML and resolves the output against the config folder', async () => {
    const path = join(folder, 'study.yaml');
    await writeFile(
      path,
      [
        'output: out',
        'data: { kind: synthetic, imagesPerClass: 4 }',
        'model: { from: scratch, config: micro }',
        'attack: { name: single-target-label, source: star, target: heart, poisons: { count: 2 } }',
        'training: { epochs: 1, batchSize: 8, learningRate: 0.001 }',
      ].join('\n'),
    );
    const config = await loadStudyConfig(path);
    expect(config.output).toBe(join(folder, 'out'));
    expect(config.seed).toBe(42);
  });

  it('names the file and the field of a bad JSON config', async () => {
    const path = join(folder, 'bad.json');
    await writeFile(path, JSON.stringify(withField('training.batchSize', -3)));
    await expect(loadStudyConfig(path)).rejects.toThrow(
      `${path}: training.batchSize: expected an integer ≥ 2, got -3`,
    );
  });
});
