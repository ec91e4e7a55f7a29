/**
 * Every `kenobi` command, in the order `kenobi --help` lists them. A new command is a new file in this folder
 * plus one line here.
 */
import type { Command } from '../command.js';

export const commands: readonly Command[] = [
];
