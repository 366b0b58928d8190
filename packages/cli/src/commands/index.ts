import type { CliCommand } from '../command.js';
import { demoCommand } from './demo.js';

/** Every sub-command of `mmpoison`, in the order `mmpoison --help` lists them. */
export const commands: readonly CliCommand[] = [demoCommand];
