/**
 * What one `kenobi` command is: its words (`['models', 'fetch']`), a one-line summary, its options for
 * `node:util` parseArgs, a help text, and the function that runs it. Each command lives in its own file
 * under `commands/` and is listed in `commands/index.ts`.
 */
import type { ParseArgsConfig } from 'node:util';

/** The options of one command, as `node:util` parseArgs takes them. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** Values parsed from the command line. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/** Where a command writes: stdout for results, stderr for progress and warnings. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * One command of the `kenobi` CLI.
 *
 * @example
 * ```ts
 * export const hello: Command = {
 *   words: ['hello'], summary: 'Say hello', usage: 'kenobi hello [--name N]',
 *   options: { name: { type: 'string' } },
 *   run: async ({ values }, io) => { io.stdout.write(`hello ${values.name ?? 'there'}\n`); return 0; },
 * };
 * ```
 */
export interface Command {
  readonly words: readonly string[];
  readonly summary: string;
  readonly usage: string;
  /** Longer help: what each option means, with an example. */
  readonly details?: string;
  readonly options: CommandOptions;
  /** Number of positionals: [min, max] (max Infinity for lists). Default [0, 0]. */
  readonly positionals?: readonly [number, number];
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}
