/**
 * `kenobi models fetch <id>…`: puts models into the cache (or finds them in a mirror), sha256-checked.
 */
import { loadCatalog, ModelStore } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';

/**
 * The `models fetch` command.
 *
 * @example
 * ```sh
 * kenobi models fetch resnet50-v2-7 mnist-8
 * ```
 */
export const modelsFetchCommand: Command = {
  words: ['models', 'fetch'],
  summary: 'Fetch models into the cache (checked byte for byte)',
  usage: 'kenobi models fetch <id>… [--labels] [--archive] [--json]',
  details: `
For each id: use the cache, else a mirror folder (KENOBI_MIRROR, ':'-separated, files by name or sha256),
else download from the ONNX zoo with a progress bar, resuming an interrupted download. With
KENOBI_OFFLINE=1 nothing touches the network. Environment: KENOBI_CACHE (default ~/.cache/kenobi),
KENOBI_DOWNLOAD_TIMEOUT_MS.

  --labels   also fetch the label file of each model
  --archive  also fetch and safely extract the zoo's .tar.gz (model + sample test data)
  --json     print [{id, path, from}] as JSON

Example: KENOBI_MIRROR=../shared/models KENOBI_OFFLINE=1 kenobi models fetch mnist-8`,
  options: { labels: { type: 'boolean' }, archive: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, Infinity],
  async run({ values, positionals }, io) {
    const store = new ModelStore(loadCatalog());
    const results = [];
    for (const id of positionals) {
      const bar = progressBar(io.stderr);
      const r = await store.resolveModel(id, bar);
      bar.finish();
      const extra: Record<string, unknown> = {};
      if (values.labels && r.entry) extra.labels = (await store.resolveLabels(r.entry)).length;
      if (values.archive && r.entry?.archive) extra.archiveDir = (await store.resolveArchive(r.entry, bar)).dir;
      results.push({ id, path: r.path, from: r.from, ...extra });
      if (!values.json) io.stdout.write(`${id}  ${r.from}  ${r.path}${extra.archiveDir ? `  (archive: ${String(extra.archiveDir)})` : ''}\n`);
    }
    if (values.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  },
};
