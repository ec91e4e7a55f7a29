/**
 * Dispatches `kenobi <words…> [options]` to its command, prints help, and turns every error into one line on
 * stderr with a non-zero exit code (2 for usage errors, 1 for anything else).
 */
import { parseArgs } from 'node:util';
import { isKenobiError } from '@kenobi/core';
import type { Command, CommandIo } from './command.js';
import { positionalHint } from './positional-hint.js';
import { unknownOptionMessage } from './unknown-option-hint.js';
import { UsageError } from './usage-error.js';

/**
 * Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(['summary', 'model.onnx', '--json'], commands, { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CommandIo): Promise<number> {
  const command = findCommand(argv, commands);
  if (!command) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout.write(topHelp(commands));
      return 0;
    }
    if (argv[0] === '--version') {
      io.stdout.write(`${KENOBI_CLI_VERSION}\n`);
      return 0;
    }
    const group = commands.filter((c) => c.words[0] === argv[0]);
    if (group.length > 0 && (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h')) {
      io.stdout.write(topHelp(group));
      return argv.length === 1 ? 2 : 0;
    }
    io.stderr.write(`kenobi: unknown command '${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}' (try kenobi --help)\n`);
    return 2;
  }
  const rest = argv.slice(command.words.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
      // NOTE: Node's own text for an unknown option goes on about positional arguments after '--'
      const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec((e as Error).message)?.[1] : undefined;
      const what = unknown !== undefined ? `${unknownOptionMessage(command.options, unknown)} Usage: ${command.usage}` : (e as Error).message.split('\n')[0];
      throw new UsageError(`kenobi ${command.words.join(' ')}: ${what}`);
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      const extra = parsed.positionals[max];
      const hint = extra === undefined ? undefined : positionalHint(command.options, extra);
      const got = `got ${parsed.positionals.length}${hint ? ` ('${extra}'): did you mean ${hint}?` : '.'}`;
      throw new UsageError(`kenobi ${command.words.join(' ')}: expected ${min === max ? min : `${min} to ${max}`} argument(s), ${got} Usage: ${command.usage}`);
    }
    return await command.run(parsed as never, io);
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    const prefix = isKenobiError(e) ? `kenobi: ${e.code}: ` : 'kenobi: ';
    io.stderr.write(`${prefix}${message}\n`);
    if (process.env.KENOBI_DEBUG === '1' && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

/** The CLI's version, shown by `kenobi --version`. */
export const KENOBI_CLI_VERSION = '0.1.0';

function findCommand(argv: readonly string[], commands: readonly Command[]): Command | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.words.every((w, i) => argv[i] === w) && (!best || c.words.length > best.words.length)) best = c;
  }
  return best;
}

function topHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  const lines = commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`);
  return `kenobi: old and wise pretrained CNNs for astronomy\n\nUsage: kenobi <command> [options]   (kenobi <command> --help for details)\n\nCommands:\n${lines.join('\n')}\n`;
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options).map(([name, o]) => `  --${name}${o.type === 'string' ? ' <value>' : ''}${o.short ? `, -${o.short}` : ''}`);
  return `${c.summary}\n\nUsage: ${c.usage}\n${opts.length ? `\nOptions:\n${opts.join('\n')}\n  --help\n` : ''}${c.details ? `\n${c.details.trim()}\n` : ''}`;
}
