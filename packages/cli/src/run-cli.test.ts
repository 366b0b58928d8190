import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bufferIo } from './__fixtures__/buffer-io.js';
import { type CliCommand, UsageError } from './command.js';
import { describeError, runCli } from './run-cli.js';

const echo: CliCommand = {
  path: ['data', 'echo'],
  summary: 'Echo a word',
  usage: 'Usage: mmpoison data echo --word <w>',
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { word: { type: 'string' } }, strict: true });
    if (!values.word) throw new UsageError('--word is required');
    if (values.word === 'fail') throw new Error('outer', { cause: new Error('inner reason') });
    io.stdout.write(values.word);
    return 0;
  },
};

describe('runCli', () => {
  it('dispatches multi-word commands and returns their exit code', async () => {
    const io = bufferIo();
    expect(await runCli(['data', 'echo', '--word', 'hi'], io, [echo])).toBe(0);
    expect(io.out()).toBe('hi');
  });

  it('prints the usage and exits 2 on a usage mistake or an unknown option', async () => {
    const missing = bufferIo();
    expect(await runCli(['data', 'echo'], missing, [echo])).toBe(2);
    expect(missing.err()).toContain('--word is required');
    expect(missing.err()).toContain('Usage: mmpoison data echo');
    const unknown = bufferIo();
    expect(await runCli(['data', 'echo', '--nope'], unknown, [echo])).toBe(2);
    expect(unknown.err()).toContain("Unknown option '--nope'");
  });

  it('exits 1 with the whole cause chain when a command fails', async () => {
    const io = bufferIo();
    expect(await runCli(['data', 'echo', '--word', 'fail'], io, [echo])).toBe(1);
    expect(io.err()).toContain('outer\n  caused by: inner reason');
  });

  it('rejects an unknown command with exit 2 and lists the commands', async () => {
    const io = bufferIo();
    expect(await runCli(['train', 'everything'], io, [echo])).toBe(2);
    expect(io.err()).toContain("unknown command 'train everything'");
    expect(io.err()).toContain('data echo');
  });

  it('shows help for a command', async () => {
    const io = bufferIo();
    expect(await runCli(['help', 'data', 'echo'], io, [echo])).toBe(0);
    expect(io.out()).toBe('Usage: mmpoison data echo --word <w>\n');
    expect(await runCli(['data', 'echo', '--help'], io, [echo])).toBe(0);
  });

  it('describes nested causes', () => {
    expect(describeError(new Error('a', { cause: new Error('b', { cause: 'c' }) }))).toBe(
      'a\n  caused by: b\n  caused by: c',
    );
  });
});
