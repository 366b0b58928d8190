import { type CliCommand, type CliIo, UsageError } from './command.js';
import { commands as registeredCommands } from './commands/index.js';

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };

function findCommand(
  words: readonly string[],
  commands: readonly CliCommand[],
): { command: CliCommand; rest: readonly string[] } | undefined {
  // Longest path first, so `data stats` wins over a hypothetical `data`.
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, i) => words[i] === word)) {
      return { command, rest: words.slice(command.path.length) };
    }
  }
  return undefined;
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length), 4);
  const lines = commands.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`);
  return [
    'mmpoison: attack and defend CLIP-style image-text models against data poisoning and backdoors.',
    '',
    'Usage: mmpoison <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  Show the usage of a command: mmpoison help <command>`,
    '',
  ].join('\n');
}

/**
 * Runs the `mmpoison` command line and returns its exit code: 0 on success, 1 on a failure while
 * running, 2 on a usage mistake. Errors are printed with their causes; nothing is thrown.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  commands: readonly CliCommand[] = registeredCommands,
): Promise<number> {
  const [first, ...others] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(overview(commands));
    return first === undefined ? 2 : 0;
  }
  if (first === 'help') {
    const found = findCommand(others, commands);
    io.stdout.write(found ? `${found.command.usage.trimEnd()}\n` : overview(commands));
    return found || others.length === 0 ? 0 : 2;
  }
  const found = findCommand(argv, commands);
  if (!found) {
    io.stderr.write(`mmpoison: unknown command '${argv.join(' ')}'\n\n${overview(commands)}`);
    return 2;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.stdout.write(`${found.command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`mmpoison ${found.command.path.join(' ')}: ${(error as Error).message}\n\n`);
      io.stderr.write(`${found.command.usage.trimEnd()}\n`);
      return 2;
    }
    io.stderr.write(`mmpoison ${found.command.path.join(' ')}: ${describeError(error)}\n`);
    return 1;
  }
}

/** The message of an error and of each `cause` below it, one per line. */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    lines.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n  caused by: ');
}
