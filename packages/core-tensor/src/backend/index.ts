export { BackendUnavailableError } from './backend-unavailable-error.js';
export { type EnvironmentReport, environmentReport, formatEnvironmentReport } from './environment-report.js';
export {
  type BackendAttempt,
  type BackendChoice,
  type BackendPreference,
  type BackendReport,
  backendEnvironmentVariable,
  backendOrder,
  backendPackageName,
  type InitBackendOptions,
  initBackend,
  lastBackendReport,
  resolveBackendPreference,
} from './init-backend.js';
export { registerWasmTrainingKernels } from './wasm-kernels.js';
