import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultSyntheticOptions,
  generateSyntheticDataset,
  syntheticClassNames,
  writeSyntheticDataset,
} from '@mmpoison/datasets';
import { type CliCommand, UsageError } from '../command.js';

function integerOption(
  name: string,
  value: string | undefined,
  fallback: number,
  low: number,
  high: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < low || parsed > high) {
    throw new UsageError(`--${name} must be an integer in [${low}, ${high}]; got '${value}'`);
  }
  return parsed;
}

/** `mmpoison data synth`: writes the embedded synthetic benchmark to disk. */
export const dataSynthCommand: CliCommand = {
  path: ['data', 'synth'],
  summary: 'Write the embedded synthetic benchmark as PNG images and a JSONL manifest',
  usage: `Usage: mmpoison data synth --out <dir> [--seed n] [--images-per-class n] [--test-images-per-class n] [--size px]

Renders the synthetic benchmark (${syntheticClassNames.length} shape classes: ${syntheticClassNames.join(', ')})
and writes <dir>/images/*.png, <dir>/manifest.jsonl (one line per image: image, captions, label,
split) and <dir>/knowledge-elements.json. Read it back with: mmpoison data stats --format jsonl.
The output is byte-identical for the same options.

Options:
  --out <dir>                   Output folder (created if missing)
  --seed <n>                    Random seed (default 0)
  --images-per-class <n>        Training images per class (default ${defaultSyntheticOptions.imagesPerClass})
  --test-images-per-class <n>   Test images per class (default ${defaultSyntheticOptions.testImagesPerClass})
  --size <px>                   Image side in pixels, 16–1024 (default ${defaultSyntheticOptions.imageSize})
  --difficulty <d>              standard (default: distractors, small objects, clutter, noise) or easy`,
  async run(args, io) {
    let values: Record<string, string | undefined>;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          out: { type: 'string' },
          seed: { type: 'string' },
          'images-per-class': { type: 'string' },
          'test-images-per-class': { type: 'string' },
          size: { type: 'string' },
          difficulty: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (!values.out) throw new UsageError('--out <dir> is required');
    const seed = integerOption('seed', values.seed, 0, -(2 ** 53 - 1), 2 ** 53 - 1);
    const imagesPerClass = integerOption(
      'images-per-class',
      values['images-per-class'],
      defaultSyntheticOptions.imagesPerClass,
      1,
      1_000_000,
    );
    const testImagesPerClass = integerOption(
      'test-images-per-class',
      values['test-images-per-class'],
      defaultSyntheticOptions.testImagesPerClass,
      0,
      1_000_000,
    );
    const imageSize = integerOption('size', values.size, defaultSyntheticOptions.imageSize, 16, 1024);
    const difficulty = values.difficulty ?? 'standard';
    if (difficulty !== 'standard' && difficulty !== 'easy') {
      throw new UsageError(`--difficulty must be standard or easy; got '${difficulty}'`);
    }
    const outDir = resolve(io.cwd, values.out);
    const benchmark = generateSyntheticDataset({
      seed,
      imagesPerClass,
      testImagesPerClass,
      imageSize,
      difficulty,
      cache: false,
    });
    let lastReported = -1;
    const written = await writeSyntheticDataset(benchmark, outDir, {
      progress: {
        report(event) {
          // One line per tenth, on stderr, so stdout stays machine-readable.
          const tenth = event.total ? Math.floor((10 * event.done) / event.total) : 0;
          if (tenth === lastReported) return;
          lastReported = tenth;
          io.stderr.write(`${event.task}: ${event.done}/${event.total ?? '?'} ${event.unit ?? ''}\n`);
        },
      },
    });
    io.stdout.write(
      `${JSON.stringify({
        out: outDir,
        manifest: written.manifest,
        images: written.images,
        captions: written.captions,
        train: benchmark.train.size,
        test: benchmark.test.size,
        classes: benchmark.classNames,
      })}\n`,
    );
    return 0;
  },
};
