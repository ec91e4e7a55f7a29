/**
 * Test support: runs `kenobi <argv…>` in-process and captures what it writes, for the CLI command tests.
 */
import { Writable } from 'node:stream';
import { commands } from '../commands/index.js';
import { runCli } from '../run-cli.js';

/**
 * Runs the CLI on `argv` and resolves to its exit code and captured stdout and stderr.
 *
 * @example
 * ```ts
 * const { code, out } = await cli('doctor', '--json'); // code 0, out is JSON
 * ```
 */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } });
  const code = await runCli(argv, commands, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}
