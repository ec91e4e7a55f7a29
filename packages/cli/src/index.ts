/** @kenobi/cli: the `kenobi` command, also callable in-process through `runCli`. */
export { runCli, KENOBI_CLI_VERSION } from './run-cli.js';
export { commands } from './commands/index.js';
export { UsageError } from './usage-error.js';
export { progressBar, formatProgress } from './progress-bar.js';
export type { Command, CommandIo, CommandOptions, ParsedArgs } from './command.js';
