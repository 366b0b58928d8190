import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressReporter } from '@mmpoison/core-tensor';
import sharp from 'sharp';
import type { SyntheticBenchmark, SyntheticImageCaptionDataset } from './synthetic-dataset.js';

export interface WriteSyntheticOptions {
  readonly progress?: ProgressReporter;
  /** Images rendered and encoded at once (default 8). */
  readonly concurrency?: number;
}

export interface WrittenSyntheticDataset {
  /** Path of the JSONL manifest. */
  readonly manifest: string;
  readonly images: number;
  readonly captions: number;
}

/** File name of the manifest written by {@link writeSyntheticDataset}. */
export const syntheticManifestName = 'manifest.jsonl';
/** File name of the knowledge elements written by {@link writeSyntheticDataset}. */
export const knowledgeElementsFileName = 'knowledge-elements.json';

/**
 * Writes the benchmark to `outDir`: `images/<id>.png`, a JSONL manifest with one line per image
 * (`image` relative to `outDir`, `captions`, `label` as the class word, `split`) in train-then-test
 * order, and `knowledge-elements.json`. The output is byte-identical for the same seed and options.
 */
export async function writeSyntheticDataset(
  benchmark: SyntheticBenchmark,
  outDir: string,
  options: WriteSyntheticOptions = {},
): Promise<WrittenSyntheticDataset> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`writeSyntheticDataset concurrency must be a positive integer; got ${concurrency}`);
  }
  await mkdir(join(outDir, 'images'), { recursive: true });
  const splits: readonly SyntheticImageCaptionDataset[] = [benchmark.train, benchmark.test];
  const jobs = splits.flatMap((dataset) =>
    Array.from({ length: dataset.size }, (_, index) => ({ dataset, index })),
  );
  const lines: string[] = new Array(jobs.length);
  let done = 0;
  let captions = 0;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const position = next++;
      const { dataset, index } = jobs[position]!;
      const meta = dataset.meta(index);
      const image = `images/${meta.id}.png`;
      const bytes = await dataset.loadBytes(index);
      const png = await sharp(bytes, {
        raw: { width: dataset.imageSize, height: dataset.imageSize, channels: 3 },
      })
        .png({ compressionLevel: 9, adaptiveFiltering: false })
        .toBuffer();
      await writeFile(join(outDir, image), png);
      const label = meta.label === undefined ? undefined : dataset.classNames[meta.label];
      lines[position] = JSON.stringify({ image, captions: meta.captions, label, split: dataset.split });
      captions += meta.captions.length;
      done++;
      options.progress?.report({ task: 'write synthetic images', done, total: jobs.length, unit: 'images' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(jobs.length, 1)) }, worker));
  const manifest = join(outDir, syntheticManifestName);
  await writeFile(manifest, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await writeFile(
    join(outDir, knowledgeElementsFileName),
    `${JSON.stringify(benchmark.knowledgeElements, null, 2)}\n`,
  );
  return { manifest, images: jobs.length, captions };
}
