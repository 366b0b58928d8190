export { type CliCommand, type CliIo, UsageError } from './command.js';
export { describeError, runCli } from './run-cli.js';
