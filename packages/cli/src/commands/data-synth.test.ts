import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../__fixtures__/buffer-io.js';
import { UsageError } from '../command.js';
import { dataSynthCommand } from './data-synth.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('mmpoison data synth', () => {
  it('writes the synthetic benchmark relative to the working directory and prints a summary', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'mmpoison-cli-synth-'));
    folders.push(cwd);
    const io = bufferIo(cwd);
    const code = await dataSynthCommand.run(
      [
        '--out',
        'synth',
        '--seed',
        '3',
        '--images-per-class',
        '1',
        '--test-images-per-class',
        '1',
        '--size',
        '24',
      ],
      io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary).toMatchObject({
      out: join(cwd, 'synth'),
      images: 24,
      captions: 120,
      train: 12,
      test: 12,
    });
    expect(summary.classes).toContain('star');
    const lines = (await readFile(join(cwd, 'synth', 'manifest.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(24);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      image: 'images/train-000000.png',
      split: 'train',
      label: 'circle',
    });
    const png = await readFile(join(cwd, 'synth', 'images', 'test-000011.png'));
    expect(png.readUInt32BE(16)).toBe(24);
    expect(io.err()).toContain('write synthetic images: 24/24');
  });

  it('rejects missing or malformed options with a UsageError', async () => {
    // A temporary working directory, so a wrongly accepted command cannot write into the repository.
    const cwd = await mkdtemp(join(tmpdir(), 'mmpoison-cli-synth-bad-'));
    folders.push(cwd);
    const io = bufferIo(cwd);
    await expect(dataSynthCommand.run([], io)).rejects.toThrow(UsageError);
    await expect(dataSynthCommand.run(['--out', 'x', '--size', 'big'], io)).rejects.toThrow(
      /--size must be an integer in \[16, 1024\]; got 'big'/,
    );
    await expect(dataSynthCommand.run(['--out', 'x', '--images-per-class', '0'], io)).rejects.toThrow(
      /--images-per-class must be an integer/,
    );
    await expect(dataSynthCommand.run(['--out', 'x', '--seed', '1.5'], io)).rejects.toThrow(UsageError);
    await expect(dataSynthCommand.run(['--out', 'x', '--colour', 'red'], io)).rejects.toThrow(UsageError);
    await expect(dataSynthCommand.run(['--out', 'x', '--difficulty', 'hard'], io)).rejects.toThrow(
      /--difficulty must be standard or easy/,
    );
  });
});
