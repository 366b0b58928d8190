import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import { environmentReport, formatEnvironmentReport } from './environment-report.js';
import { initBackend, lastBackendReport, resolveBackendPreference } from './init-backend.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveBackendPreference', () => {
  it('lets a named backend option win over MMPOISON_BACKEND, which overrides auto', () => {
    expect(resolveBackendPreference(undefined, {})).toBe('auto');
    expect(resolveBackendPreference(undefined, { MMPOISON_BACKEND: 'cpu' })).toBe('cpu');
    expect(resolveBackendPreference('auto', { MMPOISON_BACKEND: ' WASM ' })).toBe('wasm');
    expect(resolveBackendPreference('wasm', { MMPOISON_BACKEND: 'cpu' })).toBe('wasm');
    expect(resolveBackendPreference(undefined, { MMPOISON_BACKEND: '' })).toBe('auto');
  });

  it('rejects an unknown value, naming where it came from', () => {
    expect(() => resolveBackendPreference(undefined, { MMPOISON_BACKEND: 'gpu' })).toThrow(
      /MMPOISON_BACKEND is 'gpu', expected one of: auto, node-gpu, node, wasm, cpu/,
    );
    expect(() => resolveBackendPreference('tpu' as never, {})).toThrow(/backend option is 'tpu'/);
  });
});

describe('initBackend', () => {
  it('rejects a requested backend whose package is missing, naming the package and keeping the cause', async () => {
    const failure = await initBackend({ backend: 'node' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendUnavailableError);
    const error = failure as BackendUnavailableError;
    expect(error.backend).toBe('node');
    expect(error.packageName).toBe('@tensorflow/tfjs-node');
    expect(error.message).toContain('npm install @tensorflow/tfjs-node');
    expect(error.cause).toBeInstanceOf(Error);
    expect(String((error.cause as Error).message)).toMatch(/tfjs-node/);

    await expect(initBackend({ backend: 'node-gpu' })).rejects.toMatchObject({
      packageName: '@tensorflow/tfjs-node-gpu',
    });
  });

  it('falls through node-gpu and node under auto, recording each failure, and lands on wasm', async () => {
    vi.stubEnv('MMPOISON_BACKEND', '');
    const lines: string[] = [];
    const report = await initBackend({ log: (line) => lines.push(line) });
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.attempts.map((attempt) => [attempt.backend, attempt.ok])).toEqual([
      ['node-gpu', false],
      ['node', false],
      ['wasm', true],
    ]);
    expect(report.attempts[1]?.error).toMatch(/tfjs-node/);
    expect(lines.at(-1)).toMatch(/tfjs backend: wasm \(wasm, chosen by auto/);
    expect(lines.filter((line) => line.includes('unavailable'))).toHaveLength(2);

    // Same choice again: the same report, nothing re-initialised or logged.
    const again = await initBackend({ log: (line) => lines.push(line) });
    expect(again).toBe(report);
    expect(lines.filter((line) => line.startsWith('tfjs backend'))).toHaveLength(1);
  });

  it('follows MMPOISON_BACKEND when the option is omitted, and switches between backends', async () => {
    vi.stubEnv('MMPOISON_BACKEND', 'cpu');
    const cpu = await initBackend();
    expect(cpu.backend).toBe('cpu');
    expect(cpu.attempts).toEqual([{ backend: 'cpu', packageName: '@tensorflow/tfjs', ok: true }]);
    const wasm = await initBackend({ backend: 'wasm', threads: 1 });
    expect(wasm.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(lastBackendReport()).toBe(wasm);
  });

  it('validates threads', async () => {
    await expect(initBackend({ backend: 'wasm', threads: 0 })).rejects.toThrow(
      /threads must be a positive integer/,
    );
  });
});

describe('environmentReport', () => {
  it('reports the backend, the attempts, the versions and memory, and formats them', async () => {
    vi.stubEnv('MMPOISON_BACKEND', '');
    await initBackend({ backend: 'auto' });
    const kept = tf.tensor1d([1, 2, 3]);
    const report = environmentReport();
    expect(report.backend).toBe('wasm');
    expect(report.tfjsVersion).toBe(tf.version.tfjs);
    expect(report.nodeVersion).toBe(process.version);
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.cpus).toBeGreaterThanOrEqual(1);
    expect(report.memory.totalBytes).toBeGreaterThan(report.memory.freeBytes);
    expect(report.memory.rssBytes).toBeGreaterThan(0);
    expect(report.tensors.numTensors).toBeGreaterThanOrEqual(1);
    expect(report.tensors.numBytes).toBeGreaterThanOrEqual(12);
    expect(report.attempts.filter((attempt) => !attempt.ok).map((attempt) => attempt.packageName)).toEqual([
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
    ]);
    kept.dispose();

    const text = formatEnvironmentReport(report);
    expect(text.split('\n').length).toBeGreaterThanOrEqual(8);
    expect(text).toMatch(/backend: +wasm \(\d+ threads?\)/);
    expect(text).toContain(`tfjs:     ${tf.version.tfjs}`);
    expect(text).toMatch(/failed node \(@tensorflow\/tfjs-node\): /);
    expect(text).toMatch(/ok +wasm \(@tensorflow\/tfjs-backend-wasm\)/);
  });
});
