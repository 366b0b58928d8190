import { parseArgs } from 'node:util';
import { type BackendPreference, environmentReport, formatEnvironmentReport, initBackend } from '@mmpoison/core-tensor';
import type { CliCommand } from '../command.js';
import { parseBackendOption } from './backend-option.js';

/**
 * `mmpoison demo`. Until the embedded study lands (issue: metrics and the first study), the demo
 * reports the environment a study would run in: which tfjs backend was chosen and why the better
 * ones were not, versions, threads and memory.
 */
export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'Run the embedded demo (for now: report the environment a study runs in)',
  usage: `Usage: mmpoison demo [--backend auto|node-gpu|node|wasm|cpu]

Reports the tfjs backend mmpoison picks on this machine (best first: node-gpu, node, wasm, cpu; the
MMPOISON_BACKEND environment variable or --backend overrides it), what was tried and why it failed,
the tfjs version, threads and memory.`,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { backend: { type: 'string' } }, strict: true });
    const backend: BackendPreference | undefined = parseBackendOption(values.backend);
    await initBackend({ ...(backend ? { backend } : {}), log: (line) => io.stderr.write(`${line}\n`) });
    io.stdout.write(`${formatEnvironmentReport(environmentReport())}\n`);
    return 0;
  },
};
