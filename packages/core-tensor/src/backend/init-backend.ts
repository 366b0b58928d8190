import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import { registerWasmTrainingKernels } from './wasm-kernels.js';

/** Which tfjs backend to use; `auto` takes the best one installed. */
export type BackendPreference = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** A concrete backend choice (anything but `auto`). */
export type BackendChoice = Exclude<BackendPreference, 'auto'>;

/** One backend that `initBackend` tried, and whether it worked. */
export interface BackendAttempt {
  readonly backend: BackendChoice;
  /** The npm package that provides it. */
  readonly packageName?: string;
  readonly ok: boolean;
  /** Why it failed, when it did. */
  readonly error?: string;
}

/** What `initBackend` chose and what it tried on the way. */
export interface BackendReport {
  /** The tfjs backend now in use, as `tf.getBackend()` names it (`tensorflow`, `wasm`, `cpu`). */
  readonly backend: string;
  readonly attempts: readonly BackendAttempt[];
}

export interface InitBackendOptions {
  /**
   * The backend to use. A concrete backend named here wins over the `MMPOISON_BACKEND` environment
   * variable; when this is omitted or `'auto'`, the variable (if set) decides, else `auto`.
   */
  readonly backend?: BackendPreference;
  /** Threads for the wasm backend (XNNPACK); ignored by the others. Multi-threading may not apply in Node. */
  readonly threads?: number;
  /** Receives one line describing the choice (and each failed attempt). */
  readonly log?: (line: string) => void;
}

/** The environment variable that overrides `auto`. */
export const backendEnvironmentVariable = 'MMPOISON_BACKEND';

/** Best first: the order `auto` tries. */
export const backendOrder: readonly BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];

const backendSources: Readonly<
  Record<BackendChoice, { readonly packageName: string; readonly tfName: string }>
> = {
  'node-gpu': { packageName: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  node: { packageName: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { packageName: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { packageName: '@tensorflow/tfjs', tfName: 'cpu' },
};

const preferences: readonly BackendPreference[] = ['auto', ...backendOrder];

/** The npm package that provides a backend. */
export function backendPackageName(backend: BackendChoice): string {
  return backendSources[backend].packageName;
}

function parsePreference(value: string, origin: string): BackendPreference {
  const normalised = value.trim().toLowerCase();
  const found = preferences.find((preference) => preference === normalised);
  if (found === undefined) {
    throw new Error(`${origin} is '${value}', expected one of: ${preferences.join(', ')}`);
  }
  return found;
}

/**
 * The preference `initBackend` will act on: a concrete backend given as the option wins; otherwise
 * (option omitted or `auto`) `MMPOISON_BACKEND` if set and non-empty; otherwise `auto`.
 */
export function resolveBackendPreference(
  option: BackendPreference | undefined,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): BackendPreference {
  const fromOption = option === undefined ? 'auto' : parsePreference(option, 'The backend option');
  if (fromOption !== 'auto') {
    return fromOption;
  }
  const fromEnvironment = environment[backendEnvironmentVariable];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    return parsePreference(fromEnvironment, `The environment variable ${backendEnvironmentVariable}`);
  }
  return 'auto';
}

interface WasmModule {
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

interface BackendState {
  readonly preference: BackendPreference;
  readonly threads: number | undefined;
  readonly report: BackendReport;
}

let lastState: BackendState | undefined;
let wasmModule: WasmModule | undefined;

/** The last report from `initBackend` in this process, if it ran. */
export function lastBackendReport(): BackendReport | undefined {
  return lastState?.report;
}

/** Threads the wasm backend runs with, when it is the backend in use and initialised. */
export function wasmThreadsInUse(): number | undefined {
  if (tf.getBackend() !== 'wasm' || wasmModule === undefined) {
    return undefined;
  }
  try {
    return wasmModule.getThreadsCount();
  } catch {
    return undefined;
  }
}

// The specifier is a variable so bundlers and the type checker leave optional peers alone: they are
// only resolved, at run time, when that backend is asked for.
async function importPackage(packageName: string): Promise<unknown> {
  return import(packageName);
}

async function activate(
  backend: BackendChoice,
  threads: number | undefined,
  log: (line: string) => void,
): Promise<void> {
  const { packageName, tfName } = backendSources[backend];
  if (backend === 'wasm') {
    const loaded = (await importPackage(packageName)) as WasmModule;
    wasmModule = loaded;
    if (threads !== undefined) {
      if (tf.findBackend('wasm') == null) {
        loaded.setThreadsCount(threads);
      } else {
        log(`wasm backend already initialised; threads = ${threads} cannot take effect any more`);
      }
    }
    registerWasmTrainingKernels();
  } else if (backend !== 'cpu') {
    await importPackage(packageName);
  }
  const ok = await tf.setBackend(tfName);
  if (!ok) {
    throw new Error(`tf.setBackend('${tfName}') returned false: the backend failed to initialise`);
  }
  await tf.ready();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Chooses and initialises the tfjs backend, then logs the choice.
 *
 * The preference comes from `options.backend` when it names a backend; when the option is omitted or
 * `auto`, the environment variable `MMPOISON_BACKEND` (if set) decides; otherwise `auto`. So an
 * explicit backend option always wins over the variable, and the variable overrides only `auto`.
 *
 * `auto` tries, best first, `node-gpu` (`@tensorflow/tfjs-node-gpu`), `node` (`@tensorflow/tfjs-node`),
 * `wasm` (`@tensorflow/tfjs-backend-wasm`) and `cpu` (built into `@tensorflow/tfjs`), records every failed
 * attempt and keeps the first that works. A backend named explicitly that cannot load rejects with a
 * {@link BackendUnavailableError} naming the package to install, with the original error as `cause`.
 * Backend packages are imported lazily here, never at module load.
 *
 * Calling it again with the same preference and threads while that backend is still active returns
 * the first report without re-initialising anything. Choosing `wasm` also registers the training
 * kernels the wasm backend lacks (see `registerWasmTrainingKernels`).
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  const preference = resolveBackendPreference(options.backend);
  const log = options.log ?? (() => {});
  const { threads } = options;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new Error(`initBackend: threads must be a positive integer, got ${threads}`);
  }
  if (
    lastState !== undefined &&
    lastState.preference === preference &&
    lastState.threads === threads &&
    tf.getBackend() === lastState.report.backend
  ) {
    return lastState.report;
  }

  const candidates = preference === 'auto' ? backendOrder : [preference];
  const attempts: BackendAttempt[] = [];
  for (const backend of candidates) {
    const packageName = backendPackageName(backend);
    try {
      await activate(backend, threads, log);
    } catch (error) {
      attempts.push({ backend, packageName, ok: false, error: describe(error) });
      if (preference !== 'auto') {
        throw new BackendUnavailableError(backend, packageName, error);
      }
      log(`backend ${backend} (${packageName}) unavailable: ${describe(error)}`);
      continue;
    }
    attempts.push({ backend, packageName, ok: true });
    const report: BackendReport = { backend: tf.getBackend(), attempts };
    lastState = { preference, threads, report };
    const threadNote = backend === 'wasm' ? `, ${wasmThreadsInUse() ?? '?'} thread(s)` : '';
    log(`tfjs backend: ${report.backend} (${backend}, chosen by ${preference}${threadNote})`);
    return report;
  }
  // Unreachable in practice: the cpu backend ships with @tensorflow/tfjs.
  throw new Error(
    `No tfjs backend could be initialised; tried ${attempts.map((attempt) => `${attempt.backend} (${attempt.error})`).join(', ')}`,
  );
}
