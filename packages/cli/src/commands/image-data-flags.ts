/**
 * Node-only. The images `kenobi train --arch`, `finetune` and `evaluate` read from their flags: `--data` with
 * `--bands`, the catalog column flags (`--id-col`, `--path-col`, `--label-col`, `--where`) and, for an `.npy`
 * stack or a FITS cube (which carry no labels of their own), `--labels-file` with one label per line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FeaturesError, type Dataset } from '@kenobi/features';
import { loadDataset, type CatalogColumns } from '@kenobi/features/node';
import { UsageError } from '../usage-error.js';
import { catalogColumnFlags } from './catalog-column-flags.js';
import { commaList } from './comma-list.js';

/**
 * Every row of `--data` as those flags read it (labelled or not; no regression targets). `features/bad-option`
 * when `--labels-file` cannot be read; a usage error naming `command` when it is given for data that carry
 * their own labels.
 *
 * @example
 * ```ts
 * const all = await readImageData({ data: 'stack.npy', 'labels-file': 'labels.txt' }, 'evaluate');
 * ```
 */
export async function readImageData(values: Readonly<Record<string, unknown>>, command: string): Promise<Dataset> {
  const bands = commaList(values['bands']);
  const columns: CatalogColumns = { ...catalogColumnFlags(values), ...(bands ? { bands } : {}), targets: [] };
  const labels = readLabelsFile(values['labels-file']);
  const all = await loadDataset(values['data'] as string, { columns, ...(labels ? { labels } : {}) });
  if (labels && all.kind !== 'npy-stack' && all.kind !== 'fits-cube') {
    throw new UsageError(`kenobi ${command}: --labels-file is for .npy stacks and FITS cubes (catalogs and class folders carry their labels)`);
  }
  return all;
}

/** The labels of a `--labels-file` (blank lines skipped), or undefined without the flag. */
function readLabelsFile(path: unknown): string[] | undefined {
  if (typeof path !== 'string') return undefined;
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  } catch (e) {
    throw new FeaturesError('features/bad-option', `cannot read --labels-file ${resolve(path)}: ${(e as Error).message}`, { cause: e });
  }
}
