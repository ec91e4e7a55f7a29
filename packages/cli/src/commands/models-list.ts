/**
 * `kenobi models list [--family f] [--json]`: the zoo's models (and the user's imported ones).
 */
import { findInMirrors, loadCatalog, MODEL_FAMILIES, ModelStore } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/**
 * The `models list` command.
 *
 * @example
 * ```sh
 * kenobi models list --family resnet
 * ```
 */
export const modelsListCommand: Command = {
  words: ['models', 'list'],
  summary: 'List the model zoo (id, family, size, opset, where it is)',
  usage: 'kenobi models list [--family f] [--json]',
  details: `
Lists every model of models/zoo.json and of your registry (kenobi models import), with whether it is
cached, in a mirror (KENOBI_MIRROR), downloadable, or offline-only.

  --family  only this family: ${MODEL_FAMILIES.join(', ')}
  --json    print the entries as JSON

Example: kenobi models list --family mobilenet`,
  options: { family: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const family = values.family as string | undefined;
    if (family !== undefined && !(MODEL_FAMILIES as readonly string[]).includes(family)) {
      throw new UsageError(`kenobi models list: unknown --family '${family}' (known: ${MODEL_FAMILIES.join(', ')})`);
    }
    const store = new ModelStore(loadCatalog());
    const entries = store.catalog.list(family === undefined ? {} : { family });
    const where = (e: (typeof entries)[number]): string => (store.cachedPath(e.file) ? 'cached' : findInMirrors(e.file, store.mirrors).length > 0 ? 'mirror' : e.file.url ? 'download' : 'offline-only');
    if (values.json) {
      io.stdout.write(`${JSON.stringify(entries.map((e) => ({ ...e, status: where(e) })), null, 2)}\n`);
      return 0;
    }
    const rows = entries.map((e) => [e.id, e.family, `${(e.file.size / 2 ** 20).toFixed(1)} MiB`, `opset ${e.opset}`, e.batch, where(e)]);
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? [];
    for (const r of rows) io.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    io.stdout.write(`${entries.length} model(s); cache ${store.layout.root}${store.mirrors.length ? `; mirrors ${store.mirrors.join(', ')}` : ''}\n`);
    return 0;
  },
};
