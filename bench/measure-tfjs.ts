import { performance } from 'node:perf_hooks';
import { clipContrastiveLoss, createClipModel } from '@mmpoison/clip-model';
import { type BackendChoice, initBackend } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { type BenchModel, makeBenchData, sizeOnlyTokenizer } from './bench-model.js';

/** What one backend measured, as the worker process prints it. */
export interface TfjsMeasurement {
  readonly backend: string;
  readonly threads: number | undefined;
  readonly trainStepSeconds: number[];
  readonly embedSeconds: number[];
  /** CPU seconds (user + system, this process) of the same runs: robust to other load on the machine. */
  readonly trainStepCpuSeconds: number[];
  readonly embedCpuSeconds: number[];
  /** Loss of the first step (same weights and batch as the PyTorch peer). */
  readonly firstLoss: number;
  readonly memoryBefore: { numTensors: number; numBytes: number };
  readonly memoryAfter: { numTensors: number; numBytes: number };
  /** Milliseconds per kernel over one profiled step, largest first (with --profile). */
  readonly profile?: { kernel: string; milliseconds: number; calls: number }[];
}

export interface MeasureOptions {
  readonly warmup: number;
  readonly trainRuns: number;
  readonly embedRuns: number;
  readonly profile: boolean;
  readonly threads?: number;
  /** wasm with tfjs's own kernels only (no registerWasmTrainingKernels): the "before" of NOTES.md. */
  readonly stock?: boolean;
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/**
 * Builds the model with the bench's fixed weights on `backend` and times Adam steps of the CLIP loss
 * and forward image embeddings; every step and every embedding pass is synchronised by reading its
 * result back, so the times are wall-clock for finished work.
 */
export async function measureTfjs(
  backend: BackendChoice,
  model: BenchModel,
  options: MeasureOptions,
): Promise<TfjsMeasurement> {
  if (options.stock === true && backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
  } else {
    await initBackend(options.threads === undefined ? { backend } : { backend, threads: options.threads });
  }
  const data = makeBenchData(model);
  const { config, batch } = model;
  const clip = createClipModel(config, { tokenizer: sizeOnlyTokenizer(config), weights: data.weights });
  const size = config.vision.imageSize;
  const pixels = tf.tensor4d(data.pixels, [batch, size, size, 3]);
  const ids = tf.tensor2d(data.ids, [batch, config.text.contextLength], 'int32');
  const optimizer = tf.train.adam(1e-4, 0.9, 0.98, 1e-6);
  const variables = clip.trainableVariables();

  const step = (): number => {
    const loss = optimizer.minimize(
      () => {
        const images = clip.encodeImages(pixels).embeddings;
        const texts = clip.encodeTokens(ids);
        return clipContrastiveLoss(images, texts, clip.logitScale);
      },
      true,
      variables,
    );
    const value = loss!.dataSync()[0]!;
    loss!.dispose();
    return value;
  };
  const embed = (): void => {
    const { embeddings } = clip.encodeImages(pixels);
    embeddings.dataSync();
    embeddings.dispose();
  };

  // The first step also creates Adam's moment variables; memory is counted after it. With no timed
  // runs asked for (the slow cpu backend), that first step's time is the one sample.
  const firstCpu = process.cpuUsage();
  const firstStart = performance.now();
  const firstLoss = step();
  const firstSeconds = seconds(firstStart);
  const firstCpuSeconds = cpuSeconds(firstCpu);
  for (let index = 1; index < options.warmup; index++) step();
  embed();
  const memoryBefore = tf.memory();
  const trainStepSeconds: number[] = [];
  const trainStepCpuSeconds: number[] = [];
  for (let index = 0; index < options.trainRuns; index++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    step();
    trainStepSeconds.push(seconds(start));
    trainStepCpuSeconds.push(cpuSeconds(cpu));
  }
  const embedSeconds: number[] = [];
  const embedCpuSeconds: number[] = [];
  for (let index = 0; index < options.embedRuns; index++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    embed();
    embedSeconds.push(seconds(start));
    embedCpuSeconds.push(cpuSeconds(cpu));
  }
  const memoryAfter = tf.memory();
  if (options.trainRuns === 0) {
    trainStepSeconds.push(firstSeconds);
    trainStepCpuSeconds.push(firstCpuSeconds);
  }

  let profile: TfjsMeasurement['profile'];
  if (options.profile) {
    const info = await tf.profile(() => {
      step();
    });
    const byKernel = new Map<string, { milliseconds: number; calls: number }>();
    for (const kernel of info.kernels) {
      const entry = byKernel.get(kernel.name) ?? { milliseconds: 0, calls: 0 };
      entry.milliseconds += Number(kernel.kernelTimeMs) || 0;
      entry.calls += 1;
      byKernel.set(kernel.name, entry);
    }
    profile = [...byKernel.entries()]
      .map(([kernel, entry]) => ({ kernel, ...entry }))
      .sort((a, b) => b.milliseconds - a.milliseconds);
  }

  optimizer.dispose();
  pixels.dispose();
  ids.dispose();
  clip.dispose();
  const threads = tf.getBackend() === 'wasm' ? ((await wasmThreads()) ?? 1) : undefined;
  const result: TfjsMeasurement = {
    backend: tf.getBackend(),
    threads,
    trainStepSeconds,
    embedSeconds,
    trainStepCpuSeconds,
    embedCpuSeconds,
    firstLoss,
    memoryBefore: { numTensors: memoryBefore.numTensors, numBytes: memoryBefore.numBytes },
    memoryAfter: { numTensors: memoryAfter.numTensors, numBytes: memoryAfter.numBytes },
  };
  return profile === undefined ? result : { ...result, profile };
}

async function wasmThreads(): Promise<number | undefined> {
  const { environmentReport } = await import('@mmpoison/core-tensor');
  return environmentReport().threads;
}
