/**
 * `kenobi models path <id>`: the local path of a model (cache or mirror), fetching it when needed.
 */
import { resolveModelArg } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';

/**
 * The `models path` command.
 *
 * @example
 * ```sh
 * onnx_file=$(kenobi models path mnist-8)
 * ```
 */
export const modelsPathCommand: Command = {
  words: ['models', 'path'],
  summary: 'Print the local path of a model (fetching it if needed)',
  usage: 'kenobi models path <id>',
  details: `
Resolves the model (cache, then KENOBI_MIRROR, then download unless KENOBI_OFFLINE=1), checks its sha256,
and prints its path on stdout.

Example: kenobi models path mobilenetv2-12-int8`,
  options: {},
  positionals: [1, 1],
  async run({ positionals }, io) {
    const bar = progressBar(io.stderr);
    const r = await resolveModelArg(positionals[0]!, { onProgress: bar });
    bar.finish();
    io.stdout.write(`${r.path}\n`);
    return 0;
  },
};
