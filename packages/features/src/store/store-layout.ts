/**
 * File names inside a feature store directory.
 *
 * - `meta.json`: {@link FeatureStoreMeta}.
 * - `part-00000.npy` …: little-endian float32 `[rows, dim]` shards, in dataset order.
 * - `part-00000.rows.json` …: the ids, label indices and targets of each shard's rows.
 * - `journal.jsonl`: one line per finished part (the resume journal).
 * - when complete: `ids.json`, `labels.npy` (int32, -1 = none), `targets.npy` (float32 `[rows, T]`, if
 *   any), `failures.json`.
 */

/** `part-00042.npy` for part 42. @example `partFile(42); // 'part-00042.npy'` */
export function partFile(part: number): string {
  return `part-${String(part).padStart(5, '0')}.npy`;
}

/** `part-00042.rows.json` for part 42. @example `partRowsFile(42); // 'part-00042.rows.json'` */
export function partRowsFile(part: number): string {
  return `part-${String(part).padStart(5, '0')}.rows.json`;
}

/**
 * The fixed file names of a store.
 *
 * @example
 * ```ts
 * join(dir, STORE_FILES.meta); // 'feats/meta.json'
 * ```
 */
export const STORE_FILES = Object.freeze({
  meta: 'meta.json',
  journal: 'journal.jsonl',
  ids: 'ids.json',
  labels: 'labels.npy',
  targets: 'targets.npy',
  failures: 'failures.json',
} as const);

/**
 * What a part's rows file holds.
 *
 * @example
 * ```ts
 * const r: PartRows = { ids: ['a', 'b'], labels: [0, 2], targets: [[0.5], [1.2]] };
 * ```
 */
export interface PartRows {
  readonly ids: readonly string[];
  readonly labels: readonly number[];
  readonly targets: readonly (readonly number[])[];
}
