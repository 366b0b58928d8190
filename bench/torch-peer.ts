import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const python = '/usr/bin/python3';
const openBlasRoot = '/tmp/mmpoison-bench/openblas';
const openBlasLibraries = path.join(openBlasRoot, 'usr/lib/x86_64-linux-gnu/openblas-pthread');

/** What the PyTorch peer measured. */
export interface TorchMeasurement {
  readonly torch: string;
  readonly threads: number;
  readonly blas: string;
  readonly firstLoss: number;
  readonly trainStepSeconds: number[];
  readonly embedSeconds: number[];
  readonly trainStepCpuSeconds: number[];
  readonly embedCpuSeconds: number[];
}

export type TorchAvailability =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly why: string };

/** Whether Debian's python3-torch imports with /usr/bin/python3. */
export function torchAvailability(): TorchAvailability {
  if (!existsSync(python)) return { ok: false, why: `${python} not found` };
  const probe = spawnSync(python, ['-c', 'import torch, numpy; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    return {
      ok: false,
      why: `import torch failed (apt-get install python3-torch): ${probe.stderr.trim().split('\n').at(-1)}`,
    };
  }
  return { ok: true, version: probe.stdout.trim() };
}

/**
 * Debian's python3-torch links the reference BLAS (≈ 6 GFLOP/s); the fair peer loads Debian's
 * OpenBLAS instead, unpacked (no install, no root) under /tmp. Returns its library folder, or why not.
 */
export function prepareOpenBlas(log: (line: string) => void): { folder?: string; why?: string } {
  if (existsSync(path.join(openBlasLibraries, 'libblas.so.3'))) return { folder: openBlasLibraries };
  try {
    mkdirSync(openBlasRoot, { recursive: true });
    log('fetching libopenblas0-pthread with apt-get download …');
    execFileSync('apt-get', ['download', 'libopenblas0-pthread'], { cwd: openBlasRoot, stdio: 'ignore' });
    for (const file of readdirSync(openBlasRoot).filter((name) => name.endsWith('.deb'))) {
      execFileSync('dpkg', ['-x', file, '.'], { cwd: openBlasRoot, stdio: 'ignore' });
    }
  } catch (error) {
    return { why: `apt-get download libopenblas0-pthread failed: ${(error as Error).message}` };
  }
  return existsSync(path.join(openBlasLibraries, 'libblas.so.3'))
    ? { folder: openBlasLibraries }
    : { why: `no libblas.so.3 under ${openBlasLibraries} after unpacking` };
}

/**
 * Runs bench/torch_peer.py on the manifest in the set-up: OpenBLAS (SkylakeX kernels, its own
 * threads off), `threads` PyTorch threads and glibc malloc tuned so large buffers are reused instead of
 * page-faulted in again on every step (page faults are slow on these VMs).
 */
export function runTorchPeer(
  manifest: string,
  runs: { warmup: number; trainRuns: number; embedRuns: number },
  options: { openBlas: string | undefined; threads: number },
): TorchMeasurement {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    OPENBLAS_CORETYPE: 'SkylakeX',
    GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184',
    MMPOISON_BENCH_TORCH_THREADS: String(options.threads),
    OMP_NUM_THREADS: String(options.threads),
    MMPOISON_BENCH_BLAS:
      options.openBlas === undefined ? 'reference BLAS (as Debian installs it)' : 'OpenBLAS 0.3.21 (pthread)',
  };
  if (options.openBlas !== undefined) {
    environment['LD_LIBRARY_PATH'] = [options.openBlas, environment['LD_LIBRARY_PATH']]
      .filter(Boolean)
      .join(':');
  }
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'torch_peer.py');
  const result = spawnSync(
    python,
    [script, manifest, String(runs.warmup), String(runs.trainRuns), String(runs.embedRuns)],
    { encoding: 'utf8', env: environment, maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) {
    throw new Error(`bench/torch_peer.py failed (exit ${result.status}): ${result.stderr.trim()}`);
  }
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as TorchMeasurement;
}
