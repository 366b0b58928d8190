import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type BackendPreference,
  environmentReport,
  formatEnvironmentReport,
  initBackend,
} from '@mmpoison/core-tensor';
import type { CliCommand } from '../command.js';
import { evaluateDemoBars, formatDemoBars } from '../study/demo-bars.js';
import { demoStudyConfig, requireDemoCheckpoint } from '../study/demo-study.js';
import { runStudy } from '../study/run-study.js';
import { formatStudyReport } from '../study/study-report.js';
import { studyProgress } from '../study/terminal-progress.js';
import { parseBackendOption } from './backend-option.js';

/**
 * `mmpoison demo`: reports the environment, then runs the embedded study (Attack II on the synthetic
 * benchmark with a small pre-trained CLIP fine-tuned on the CPU) and says whether each of the demo's
 * bars was met.
 */
export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'Run the embedded study: Attack II on the synthetic benchmark with a small CLIP on the CPU',
  usage: `Usage: mmpoison demo [--out <dir>] [--strict] [--backend auto|node-gpu|node|wasm|cpu]

First reports the environment (the tfjs backend mmpoison picks: best first node-gpu, node, wasm,
cpu; MMPOISON_BACKEND or --backend overrides it; versions, threads, memory). Then runs the embedded
study: the synthetic benchmark, a small CLIP pre-trained on another draw of it
(test-fixtures/data/demo-checkpoint), fine-tuned once on the clean training set and once with
Attack II (captions of stars paired with images of hearts) from the same weights and seed. Prints
the comparison and whether each bar was met: the poisoned model's text→image Hit@10 for the goal at
least 0.3 above the clean model's, its mean MinRank at most half the clean one, and its Recall@10
within 0.05 of the clean model's. Writes results.json and report.md into --out (default: a folder
in the system's temporary directory).

--strict  exit with code 1 when a bar is not met.`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { backend: { type: 'string' }, out: { type: 'string' }, strict: { type: 'boolean' } },
      strict: true,
    });
    const backend: BackendPreference | undefined = parseBackendOption(values.backend);
    await initBackend({ ...(backend ? { backend } : {}), log: (line) => io.stderr.write(`${line}\n`) });
    io.stdout.write(`${formatEnvironmentReport(environmentReport())}\n\n`);
    requireDemoCheckpoint();
    const output = values.out === undefined ? join(tmpdir(), 'mmpoison-demo') : resolve(io.cwd, values.out);
    const { results, files } = await runStudy(demoStudyConfig(output), {
      progress: studyProgress(io),
      log: (line) => io.stderr.write(`${line}\n`),
    });
    const bars = evaluateDemoBars(results);
    io.stdout.write(`${formatStudyReport(results)}\nDemo bars:\n${formatDemoBars(bars)}\n`);
    if (files) io.stdout.write(`\nWrote ${files.results} and ${files.report}\n`);
    const allMet = bars.every((bar) => bar.met);
    io.stdout.write(allMet ? 'Every bar was met.\n' : 'Not every bar was met.\n');
    return values.strict && !allMet ? 1 : 0;
  },
};
