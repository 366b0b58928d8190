import type { BackendPreference } from '@mmpoison/core-tensor';
import { UsageError } from '../command.js';

const backends: readonly BackendPreference[] = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'];

/** Validates a `--backend` value; `undefined` leaves the choice to MMPOISON_BACKEND or auto. */
export function parseBackendOption(value: string | undefined): BackendPreference | undefined {
  if (value === undefined) return undefined;
  if (!(backends as readonly string[]).includes(value)) {
    throw new UsageError(`--backend must be one of ${backends.join(', ')}; got '${value}'`);
  }
  return value as BackendPreference;
}
