/**
 * Node-only. A short, stable digest of a dataset's item list, kept in a feature store's meta so a resume or
 * a merge can tell that the same data were used.
 */
import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.js';

/**
 * sha256 over each item's id, source paths, label and targets, in order (not the pixels: hashing 10⁶ files
 * would cost as much as extracting them).
 *
 * @example
 * ```ts
 * datasetFingerprint(ds); // 'sha256:3f1c…' (64 hex digits)
 * ```
 */
export function datasetFingerprint(dataset: Pick<Dataset, 'items'>): string {
  const h = createHash('sha256');
  for (const it of dataset.items) {
    const s = it.source;
    const where = s.kind === 'bands' ? s.paths.join('|') : s.kind === 'stack' ? `${s.path}#${s.index}` : s.path;
    h.update(`${it.id}\t${where}\t${it.label ?? ''}\t${(it.targets ?? []).join(',')}\n`);
  }
  return `sha256:${h.digest('hex')}`;
}
