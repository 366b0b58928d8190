import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { type BackendAttempt, lastBackendReport, wasmThreadsInUse } from './init-backend.js';

/** The machine, the tfjs engine and what `initBackend` tried: the first thing to read in a bug report. */
export interface EnvironmentReport {
  /** The tfjs backend in use (`tf.getBackend()`), or `none` before any is initialised. */
  readonly backend: string;
  /** What `initBackend` tried and why each failure failed; empty if it was never called. */
  readonly attempts: readonly BackendAttempt[];
  readonly tfjsVersion: string;
  /** Threads of the wasm backend when it is in use; undefined for the others. */
  readonly threads: number | undefined;
  readonly nodeVersion: string;
  /** `platform-arch`, e.g. `linux-x64`. */
  readonly platform: string;
  readonly cpus: number;
  readonly memory: {
    readonly totalBytes: number;
    readonly freeBytes: number;
    readonly rssBytes: number;
    readonly heapUsedBytes: number;
  };
  /** Live tensors in the tfjs engine and the bytes they hold. */
  readonly tensors: { readonly numTensors: number; readonly numBytes: number };
}

/** Collects the environment report now. Call `initBackend` first to have the attempts filled in. */
export function environmentReport(): EnvironmentReport {
  const usage = process.memoryUsage();
  const engineMemory = tf.memory();
  return {
    backend: tf.getBackend() ?? 'none',
    attempts: lastBackendReport()?.attempts ?? [],
    tfjsVersion: tf.version.tfjs,
    threads: wasmThreadsInUse(),
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    memory: {
      totalBytes: os.totalmem(),
      freeBytes: os.freemem(),
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
    },
    tensors: { numTensors: engineMemory.numTensors, numBytes: engineMemory.numBytes },
  };
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The report as indented, human-readable lines. */
export function formatEnvironmentReport(report: EnvironmentReport): string {
  const lines = [
    'mmpoison environment',
    `  backend:  ${report.backend}${report.threads === undefined ? '' : ` (${report.threads} thread${report.threads === 1 ? '' : 's'})`}`,
    `  tfjs:     ${report.tfjsVersion}`,
    `  node:     ${report.nodeVersion} on ${report.platform}, ${report.cpus} CPU${report.cpus === 1 ? '' : 's'}`,
    `  memory:   ${formatBytes(report.memory.freeBytes)} free of ${formatBytes(report.memory.totalBytes)}; ` +
      `process rss ${formatBytes(report.memory.rssBytes)}, heap ${formatBytes(report.memory.heapUsedBytes)}`,
    `  tensors:  ${report.tensors.numTensors} live, ${formatBytes(report.tensors.numBytes)}`,
  ];
  if (report.attempts.length === 0) {
    lines.push('  tried:    (initBackend not called)');
  } else {
    lines.push('  tried:');
    for (const attempt of report.attempts) {
      const origin = attempt.packageName === undefined ? '' : ` (${attempt.packageName})`;
      lines.push(
        `    ${attempt.ok ? 'ok    ' : 'failed'} ${attempt.backend}${origin}${attempt.ok ? '' : `: ${attempt.error ?? 'unknown error'}`}`,
      );
    }
  }
  return lines.join('\n');
}
