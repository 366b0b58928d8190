export { type CliCommand, type CliIo, UsageError } from './command.js';
export { describeError, runCli } from './run-cli.js';
export {
  formatStudyReport,
  loadStudyConfig,
  parseStudyConfig,
  type RunStudyOptions,
  runStudy,
  type StudyConfig,
  StudyConfigError,
  type StudyResults,
  type StudyRun,
} from './study/index.js';
