/**
 * `kenobi models verify [id…] [--remove-corrupt]`: re-hashes cached and mirrored model files.
 */
import { loadCatalog, ModelStore } from '@kenobi/zoo/node';
import type { Command } from '../command.js';

/**
 * The `models verify` command; exits 1 when a file is corrupt (or, for named ids, missing).
 *
 * @example
 * ```sh
 * kenobi models verify --remove-corrupt
 * ```
 */
export const modelsVerifyCommand: Command = {
  words: ['models', 'verify'],
  summary: 'Re-check the sha256 of cached (and mirrored) model files',
  usage: 'kenobi models verify [id…] [--remove-corrupt] [--json]',
  details: `
Hashes every cached model file (or those of the given ids; mirror files when not cached) and compares it
with the pinned sha256. Exit code 1 when any is corrupt or a named one is missing.

  --remove-corrupt  delete corrupt files from the cache (fetch them again afterwards)
  --json            print the results as JSON

Example: kenobi models verify mnist-8 mobilenetv2-12-int8`,
  options: { 'remove-corrupt': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [0, Infinity],
  async run({ values, positionals }, io) {
    const store = new ModelStore(loadCatalog());
    const results = await store.verify(positionals, { removeCorrupt: values['remove-corrupt'] === true });
    if (values.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      for (const r of results) io.stdout.write(`${r.status.padEnd(7)}  ${r.id}  ${r.path ?? ''}${r.actual ? `  (sha256 ${r.actual})` : ''}\n`);
      if (results.length === 0) io.stdout.write(`nothing cached in ${store.layout.root}\n`);
    }
    return results.some((r) => r.status !== 'ok') ? 1 : 0;
  },
};
