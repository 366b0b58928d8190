import type { CliCommand } from '../command.js';
import { dataStatsCommand } from './data-stats.js';
import { dataSynthCommand } from './data-synth.js';
import { demoCommand } from './demo.js';
import { embedCommand } from './embed.js';
import { infoCommand } from './info.js';
import { poisonCommand } from './poison.js';
import { runCommand } from './run.js';

/** Every sub-command of `mmpoison`, in the order `mmpoison --help` lists them. */
export const commands: readonly CliCommand[] = [
  demoCommand,
  runCommand,
  dataStatsCommand,
  dataSynthCommand,
  poisonCommand,
  infoCommand,
  embedCommand,
];
