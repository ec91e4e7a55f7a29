/**
 * `--labels-file`: one label per line for the images of an `.npy` stack or a FITS cube (which carry no labels
 * of their own), as `kenobi train --arch`, `finetune` and `evaluate` read it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FeaturesError, type Dataset } from '@kenobi/features';
import { UsageError } from '../usage-error.js';

/**
 * The labels of `--labels-file` (blank lines skipped), or undefined without the flag; `features/bad-option`
 * when the file cannot be read.
 *
 * @example
 * ```ts
 * readLabelsFile({ 'labels-file': 'labels.txt' }); // ['lens', 'non-lens', ...]
 * ```
 */
export function readLabelsFile(values: Readonly<Record<string, unknown>>): string[] | undefined {
  const path = values['labels-file'];
  if (typeof path !== 'string') return undefined;
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  } catch (e) {
    throw new FeaturesError('features/bad-option', `cannot read --labels-file ${resolve(path)}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Refuses `--labels-file` for data that carry their own labels (a usage error naming `command`).
 *
 * @example
 * ```ts
 * checkLabelsFileUse(dataset, labels, 'evaluate'); // throws for a catalog
 * ```
 */
export function checkLabelsFileUse(dataset: Pick<Dataset, 'kind'>, labels: readonly string[] | undefined, command: string): void {
  if (labels && dataset.kind !== 'npy-stack' && dataset.kind !== 'fits-cube') {
    throw new UsageError(`kenobi ${command}: --labels-file is for .npy stacks and FITS cubes (catalogs and class folders carry their labels)`);
  }
}
