import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../__fixtures__/buffer-io.js';
import { runCli } from '../run-cli.js';
import { runCommand } from './run.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mmpoison-run-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('mmpoison run', () => {
  it('is a usage error without a config file', async () => {
    const io = bufferIo(folder);
    expect(await runCli(['run'], io, [runCommand])).toBe(2);
    expect(io.err()).toContain('expected one config file, got none');
  });

  it('fails naming the config file and the bad field, before any training', async () => {
    await writeFile(
      join(folder, 'bad.yaml'),
      [
        'output: out',
        'data: { kind: synthetic }',
        'model: { from: scratch, config: micro }',
        'attack: { name: single-target-label, source: star, target: heart, poisons: { count: 2 } }',
        'training: { epochs: 1, batchSize: -3, learningRate: 0.001 }',
      ].join('\n'),
    );
    const io = bufferIo(folder);
    expect(await runCli(['run', 'bad.yaml'], io, [runCommand])).toBe(1);
    expect(io.err()).toContain(
      `${join(folder, 'bad.yaml')}: training.batchSize: expected an integer ≥ 2, got -3`,
    );
  });
});
