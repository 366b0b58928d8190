/**
 * `npm run bench`: training steps/s and image embeddings/s of one CLIP on every tfjs backend that is
 * installed, and of the same model with the same weights in PyTorch (Debian's python3-torch with
 * OpenBLAS) when that imports, with the ratios measured in the same run. See bench/NOTES.md.
 *
 *   npm run bench -- [--model issue|demo] [--backends wasm,cpu] [--runs 7] [--warmup 2]
 *                    [--cpu-runs 1] [--torch-threads 1] [--no-torch] [--profile] [--stock] [--gpu]
 *
 * `--stock` adds a row for wasm with tfjs's own kernels (before our kernels; slow). The cpu backend
 * takes minutes per step, so it runs only when named (`--backends wasm,cpu`); its training number is
 * then its first step (`--cpu-runs N` times N more) and its memory check covers the embedding passes.
 *
 * Each backend runs in its own child process (`--worker BACKEND`), so one backend's kernels, memory
 * and threads cannot colour another's numbers.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendChoice } from '@mmpoison/core-tensor';
import { benchModels, makeBenchData, writeBenchData } from './bench-model.js';
import { measureTfjs, type TfjsMeasurement } from './measure-tfjs.js';
import { prepareOpenBlas, runTorchPeer, type TorchMeasurement, torchAvailability } from './torch-peer.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'issue' },
    backends: { type: 'string' },
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    'cpu-runs': { type: 'string', default: '0' },
    'torch-threads': { type: 'string', default: '1' },
    'no-torch': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    gpu: { type: 'boolean', default: false },
    stock: { type: 'boolean', default: false },
    worker: { type: 'string' },
    threads: { type: 'string' },
  },
});

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`bench: --${name} must be an integer ≥ 0, got ${text}`);
  return value;
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const modelName = values.gpu ? 'vit-b32' : (values.model ?? 'issue');
const model = benchModels[modelName];
if (model === undefined) {
  throw new Error(`bench: unknown --model ${modelName}; known: ${Object.keys(benchModels).join(', ')}`);
}

const backendPackages: Record<BackendChoice, string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

function installed(backend: BackendChoice): boolean {
  try {
    createRequire(import.meta.url).resolve(backendPackages[backend]);
    return true;
  } catch {
    return false;
  }
}

if (values.worker !== undefined) {
  // Child process: measure one backend and print one JSON line.
  const stockWasm = values.worker === 'wasm-stock';
  const backend = (stockWasm ? 'wasm' : values.worker) as BackendChoice;
  const slow = backend === 'cpu';
  const runs = positiveInteger('runs', values.runs);
  const measurement = await measureTfjs(backend, model, {
    warmup: slow ? 1 : Math.max(1, positiveInteger('warmup', values.warmup)),
    // cpu takes about a minute per step here: by default its one training sample is the first step.
    trainRuns: slow ? positiveInteger('cpu-runs', values['cpu-runs']) : runs,
    embedRuns: slow ? Math.max(2, positiveInteger('cpu-runs', values['cpu-runs'])) : runs,
    profile: values.profile === true,
    stock: stockWasm,
    ...(values.threads === undefined ? {} : { threads: positiveInteger('threads', values.threads) }),
  });
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
  process.exit(0);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

function runWorker(backend: BackendChoice | 'wasm-stock'): TfjsMeasurement {
  const script = new URL(import.meta.url).pathname;
  const forwarded = ['--model', model!.name, '--runs', values.runs!, '--warmup', values.warmup!];
  forwarded.push('--cpu-runs', values['cpu-runs']!);
  if (values.profile) forwarded.push('--profile');
  if (values.threads !== undefined) forwarded.push('--threads', values.threads);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mmpoison/source', script, '--worker', backend, ...forwarded],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.status !== 0) {
    throw new Error(`bench worker for ${backend} failed (exit ${child.status}):\n${child.stderr}`);
  }
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as TfjsMeasurement;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
log(`mmpoison bench — model '${model.name}': ${model.description}`);
log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
log(`load average at start: ${loadAverage()} (other work on the machine slows every number below)`);

const requested: BackendChoice[] = values.gpu
  ? ['node-gpu']
  : values.backends !== undefined
    ? (values.backends.split(',').map((name) => name.trim()) as BackendChoice[])
    : ['node-gpu', 'node', 'wasm'];
if (values.backends === undefined && !values.gpu) {
  log('cpu: not in the default run (minutes per training step); add it with --backends wasm,cpu');
}

if (values.stock && !values.gpu) requested.push('wasm-stock' as BackendChoice);

const rows: { label: string; tfjs?: TfjsMeasurement; torch?: TorchMeasurement; note?: string }[] = [];
// The peer runs once before and once after the tfjs backends and its samples are pooled, so a
// change of load during the run weighs on both sides alike.
const torchSamples: TorchMeasurement[] = [];
let measureTorch: (() => void) | undefined;
if (values.gpu) {
  log('PyTorch peer: not run in --gpu mode (this machine has no GPU build of PyTorch to compare with)');
} else if (values['no-torch']) {
  log('PyTorch peer: skipped (--no-torch)');
} else {
  const availability = torchAvailability();
  if (!availability.ok) {
    log(`PyTorch peer: unavailable — ${availability.why}`);
  } else {
    const openBlas = prepareOpenBlas(log);
    if (openBlas.folder === undefined)
      log(`PyTorch peer: OpenBLAS unavailable (${openBlas.why}); using reference BLAS — not a fair peer`);
    const manifest = writeBenchData(
      path.join(os.tmpdir(), 'mmpoison-bench', model.name),
      model,
      makeBenchData(model),
    );
    const threads = positiveInteger('torch-threads', values['torch-threads']);
    const { version } = availability;
    measureTorch = () => {
      log(`torch ${version}: measuring …`);
      torchSamples.push(
        runTorchPeer(
          manifest,
          {
            warmup: positiveInteger('warmup', values.warmup),
            trainRuns: positiveInteger('runs', values.runs),
            embedRuns: positiveInteger('runs', values.runs),
          },
          { openBlas: openBlas.folder, threads },
        ),
      );
    };
  }
}
measureTorch?.();

for (const backend of requested) {
  const stockRow = (backend as string) === 'wasm-stock';
  if (!stockRow && !(backend in backendPackages)) throw new Error(`bench: unknown backend ${backend}`);
  if (!stockRow && !installed(backend)) {
    const note = `not installed here (npm install ${backendPackages[backend]}) — skipped`;
    log(`${backend}: ${note}`);
    rows.push({ label: backend, note });
    continue;
  }
  log(`${backend}: measuring …`);
  const started = Date.now();
  const measurement = runWorker(backend);
  log(`${backend}: done in ${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadAverage()}`);
  rows.push({ label: backend, tfjs: measurement });
  if (stockRow) rows.at(-1)!.label = 'wasm (stock tfjs kernels)';
  if (measurement.profile) {
    log(`${backend}: kernel time over one training step (tf.profile), top 25:`);
    for (const entry of measurement.profile.slice(0, 25)) {
      log(
        `  ${entry.kernel.padEnd(28)} ${entry.milliseconds.toFixed(1).padStart(9)} ms  ${String(entry.calls).padStart(5)} calls`,
      );
    }
  }
}

measureTorch?.();
let torch: TorchMeasurement | undefined;
const [firstPeer] = torchSamples;
if (firstPeer !== undefined) {
  torch = {
    ...firstPeer,
    trainStepSeconds: torchSamples.flatMap((sample) => sample.trainStepSeconds),
    embedSeconds: torchSamples.flatMap((sample) => sample.embedSeconds),
    trainStepCpuSeconds: torchSamples.flatMap((sample) => sample.trainStepCpuSeconds),
    embedCpuSeconds: torchSamples.flatMap((sample) => sample.embedCpuSeconds),
  };
  rows.push({ label: `torch ${torch.torch}`, torch });
}

type Timed = {
  trainStepSeconds: number[];
  embedSeconds: number[];
  trainStepCpuSeconds: number[];
  embedCpuSeconds: number[];
};

function rates(measurement: Timed) {
  const per = (samples: number[], work: number) => (samples.length > 0 ? work / median(samples) : Number.NaN);
  return {
    train: per(measurement.trainStepSeconds, 1),
    trainCpu: per(measurement.trainStepCpuSeconds, 1),
    embed: per(measurement.embedSeconds, model!.batch),
    embedCpu: per(measurement.embedCpuSeconds, model!.batch),
    trainRuns: measurement.trainStepSeconds.length,
    embedRuns: measurement.embedSeconds.length,
  };
}

const torchRates = torch === undefined ? undefined : rates(torch);
const table: string[][] = [
  [
    'backend',
    'threads',
    'train steps/s',
    'steps/CPU-s',
    'image emb/s',
    'emb/CPU-s',
    'train ÷ torch',
    'emb ÷ torch',
    'first loss',
    'tensors before→after',
    'MiB before→after',
  ],
];
let grew = false;
const ratio = (value: number, peer: number | undefined) =>
  peer === undefined || !Number.isFinite(value) ? '—' : (value / peer).toFixed(3);
for (const row of rows) {
  if (row.note !== undefined) {
    table.push([row.label, '—', '—', '—', '—', '—', '—', '—', '—', row.note, '']);
    continue;
  }
  const measured = row.tfjs ?? row.torch!;
  const rate = rates(measured);
  let tensors = '—';
  let bytes = '—';
  if (row.tfjs !== undefined) {
    const { memoryBefore: before, memoryAfter: after } = row.tfjs;
    const same = before.numTensors === after.numTensors && before.numBytes === after.numBytes;
    if (!same) grew = true;
    tensors = `${before.numTensors}→${after.numTensors}${same ? '' : ' GREW'}`;
    bytes = `${(before.numBytes / 2 ** 20).toFixed(2)}→${(after.numBytes / 2 ** 20).toFixed(2)}`;
  }
  const threads =
    row.tfjs !== undefined ? String(row.tfjs.threads ?? '—') : `${row.torch!.threads} (${row.torch!.blas})`;
  const versusTorch = (wall: number, cpu: number, peerWall?: number, peerCpu?: number) =>
    row.tfjs === undefined ? '1 / 1' : `${ratio(wall, peerWall)} / ${ratio(cpu, peerCpu)}`;
  table.push([
    row.tfjs !== undefined && row.tfjs.backend !== 'tensorflow' && !row.label.includes('stock')
      ? row.tfjs.backend
      : row.label,
    threads,
    `${rate.train.toFixed(3)} (n=${rate.trainRuns})`,
    rate.trainCpu.toFixed(3),
    `${rate.embed.toFixed(1)} (n=${rate.embedRuns})`,
    rate.embedCpu.toFixed(1),
    versusTorch(rate.train, rate.trainCpu, torchRates?.train, torchRates?.trainCpu),
    versusTorch(rate.embed, rate.embedCpu, torchRates?.embed, torchRates?.embedCpu),
    measured.firstLoss.toFixed(5),
    tensors,
    bytes,
  ]);
}
const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
log('');
log('medians after warm-up. train: one Adam step of the CLIP loss; emb: images through the image tower.');
log(
  "per s = wall clock; per CPU-s = this process's CPU time (robust to other load); ÷ torch = wall / CPU ratio.",
);
for (const [index, row] of table.entries()) {
  log(row.map((cell, column) => cell.padEnd(widths[column]!)).join(' │ '));
  if (index === 0) log(widths.map((width) => '─'.repeat(width)).join('─┼─'));
}
log('');
log(`load average at end: ${loadAverage()}`);
if (values.gpu && !installed('node-gpu')) {
  log(
    'GPU mode: @tensorflow/tfjs-node-gpu is not installed here, so there is nothing to measure. Install it on a machine with CUDA to run ViT-B/32 at batch 128.',
  );
}
if (torchRates !== undefined) {
  const wasm = rows.find((row) => row.label === 'wasm')?.tfjs;
  if (wasm !== undefined) {
    const rate = rates(wasm);
    const met = rate.train / torchRates.train >= 0.5 && rate.embed / torchRates.embed >= 0.5;
    const metCpu = rate.trainCpu / torchRates.trainCpu >= 0.5 && rate.embedCpu / torchRates.embedCpu >= 0.5;
    log(
      `target (wasm ≥ 0.5× PyTorch on both): ${met ? 'met' : 'not met'} by wall clock, ${metCpu ? 'met' : 'not met'} by CPU time`,
    );
  }
}
if (grew) {
  log(
    'tf.memory() grew between the start and the end of the timed runs: a kernel or the model leaks tensors',
  );
  process.exitCode = 1;
}
