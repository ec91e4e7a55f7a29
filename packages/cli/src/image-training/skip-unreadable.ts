/**
 * `--skip-unreadable` of `kenobi train --arch` and `kenobi finetune`: every image is decoded once before
 * training, and those that cannot be read (missing, truncated, corrupt, hanging) are left out, listed in
 * `<out>.unreadable.csv` and said, instead of stopping the run at the first one mid-epoch.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvText, formatFailure, labelIndices, type ImagePreprocessing } from '@kenobi/features';
import { DecodePool, defaultDecodeWorkers, readableItems } from '@kenobi/features/node';
import { LearnError } from '@kenobi/learn';
import { decodeLimitFlags } from '../commands/decode-flags.js';
import type { LabelledDataset } from './image-train-args.js';

/**
 * The labelled rows that can be read, when `--skip-unreadable` is set (else `given` unchanged). Decodes each
 * image with `preprocessing` in `--workers` decode threads (at least 1) under the `--item-timeout` and
 * `--worker-memory` limits. Left-out rows go to `<out>.unreadable.csv` (row, id, path, code, error), written
 * whole or not at all. `learn/single-class` when a class has no readable image left.
 *
 * @example
 * ```ts
 * const { dataset, labels } = await withoutUnreadable({ 'skip-unreadable': true, out: 'cnn.kenobi' }, given, preprocessing, 'train', say);
 * ```
 */
export async function withoutUnreadable(
  values: Readonly<Record<string, unknown>>, given: LabelledDataset, preprocessing: ImagePreprocessing, command: string, say: (line: string) => void,
): Promise<LabelledDataset> {
  if (values['skip-unreadable'] !== true) return given;
  const n = given.dataset.items.length;
  const asked = Number(values['workers'] ?? 0);
  const workers = Number.isInteger(asked) && asked > 0 ? asked : defaultDecodeWorkers();
  const t0 = performance.now();
  say(`--skip-unreadable: decoding each of the ${n} images once (${workers} decode worker${workers > 1 ? 's' : ''}) to leave out those that cannot be read`);
  const pool = new DecodePool(workers, decodeLimitFlags(command, values));
  let found: Awaited<ReturnType<typeof readableItems>>;
  try {
    found = await readableItems(given.dataset, preprocessing, pool);
  } finally {
    await pool.dispose();
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const { dataset, failures } = found;
  if (failures.length === 0) {
    say(`--skip-unreadable: all ${n} images can be read (${seconds} s)`);
    return given;
  }
  const list = resolve(`${String(values['out'] ?? 'kenobi')}.unreadable.csv`);
  const tmp = `${list}.tmp-${process.pid}`;
  writeFileSync(tmp, csvText(['row', 'id', 'path', 'code', 'error'], failures.map((f) => [f.row, f.id, f.path, f.code ?? '', f.error])));
  renameSync(tmp, list);
  const shown = failures.slice(0, 3).map(formatFailure).join('; ');
  say(`--skip-unreadable: ${failures.length} of ${n} images cannot be read and are left out (${seconds} s; all listed in ${list}): ${shown}${failures.length > 3 ? '; …' : ''}`);
  const labels = labelIndices(dataset);
  const empty = dataset.classNames.filter((_, c) => !labels.includes(c));
  if (empty.length > 0) {
    throw new LearnError('learn/single-class', `no readable image of class ${empty.map((c) => `'${c}'`).join(', ')} is left (${failures.length} unreadable, listed in ${list})`, {
      hint: 'fix those files or leave the class out of the catalog',
    });
  }
  return { dataset, labels };
}
