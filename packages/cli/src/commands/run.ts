import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '@mmpoison/core-tensor';
import { type CliCommand, UsageError } from '../command.js';
import { loadStudyConfig } from '../study/load-study-config.js';
import { runStudy } from '../study/run-study.js';
import { formatStudyReport } from '../study/study-report.js';
import { studyProgress } from '../study/terminal-progress.js';
import { parseBackendOption } from './backend-option.js';

/** `mmpoison run <config>`: one study from a YAML or JSON config. */
export const runCommand: CliCommand = {
  path: ['run'],
  summary: 'Run a study from a config file: attack, train clean and poisoned models, evaluate, report',
  usage: `Usage: mmpoison run <config.yaml|config.json> [--out <dir>] [--backend auto|node-gpu|node|wasm|cpu]

Runs the study the config describes: builds the dataset (the synthetic benchmark or one on disk),
applies the attack, trains the clean and the poisoned model from the same initial weights with the
same seed, evaluates both (goal Hit@K and MinRank with the random-query baseline, Recall@K, zero-shot
accuracy, attack success rate for backdoors, cosine distance between the two models), and writes
results.json and report.md into the config's output folder (or --out). Relative paths in the config
are resolved against the config file's folder.

Config sections: name, seed, output, data, model, attack, training, evaluation. A field that does not
validate is reported with its path, e.g. "training.batchSize: expected an integer ≥ 2, got -3".`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { out: { type: 'string' }, backend: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        `expected one config file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`,
      );
    }
    const backend = parseBackendOption(values.backend);
    let config = await loadStudyConfig(resolve(io.cwd, positionals[0]!));
    if (values.out !== undefined) config = { ...config, output: resolve(io.cwd, values.out) };
    await initBackend({ ...(backend ? { backend } : {}), log: (line) => io.stderr.write(`${line}\n`) });
    const { files, results } = await runStudy(config, {
      progress: studyProgress(io),
      log: (line) => io.stderr.write(`${line}\n`),
    });
    io.stdout.write(`${formatStudyReport(results)}\n`);
    if (files) io.stdout.write(`Wrote ${files.results} and ${files.report}\n`);
    return 0;
  },
};
