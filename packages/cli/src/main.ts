/** The `kenobi` executable: runs the CLI on process.argv and exits with its code. */
import { runCli } from './run-cli.js';
import { commands } from './commands/index.js';

const code = await runCli(process.argv.slice(2), commands, { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
