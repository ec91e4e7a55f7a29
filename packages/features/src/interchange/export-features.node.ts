/**
 * Node-only. `exportFeatures`: a feature store as ONE file with its ids, labels, targets and features, for
 * numpy (a structured `.npy`), h5py (HDF5), pandas / polars / DuckDB (Parquet), astropy and TOPCAT (a FITS
 * binary table) or a spreadsheet (CSV).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import { readFeatures } from '../store/read-features.node.js';
import type { FeatureTable } from '../store/read-features.node.js';
import { resultTable } from '../table/result-table.js';
import type { ResultColumn } from '../table/result-table.js';
import { tableBytes } from '../table/table-file.node.js';
import { writeHdf5File } from './hdf5-file.node.js';
import { structuredNpy } from './structured-npy.js';
import type { NpyField } from './structured-npy.js';

/** The formats a store exports to. @example `EXPORT_FORMATS; // ['npy', 'hdf5', 'parquet', 'fits', 'csv']` */
export const EXPORT_FORMATS = Object.freeze(['npy', 'hdf5', 'parquet', 'fits', 'csv'] as const);
/** One of {@link EXPORT_FORMATS}. @example `const f: ExportFormat = 'hdf5';` */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export wrote. */
export interface ExportFeaturesResult {
  readonly path: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly dim: number;
  /** The names of the file's fields, datasets or columns (vector columns once). */
  readonly fields: readonly string[];
}

/** Where the store came from, as text metadata (HDF5 attributes, Parquet key-value, FITS cards). */
function provenance(t: FeatureTable): Record<string, string> {
  const m = t.meta;
  return { model: m.model.id, model_sha256: m.model.sha256, tensor: m.tensor, pool: m.pool, dataset: m.dataset.source, kenobi: m.kenobiVersion };
}

function labelNames(t: FeatureTable): string[] {
  return Array.from(t.labels, (l) => (l >= 0 ? t.meta.dataset.classNames[l]! : ''));
}

/** Target field names that do not collide with id / label / label_index / features. */
function targetNames(t: FeatureTable): string[] {
  const taken = new Set(['id', 'label', 'label_index', 'features']);
  return t.meta.dataset.targetNames.map((n) => (taken.has(n) ? `target_${n}` : n));
}

function targetColumn(t: FeatureTable, k: number): Float32Array {
  const n = t.meta.dataset.targetNames.length;
  return Float32Array.from({ length: t.rows }, (_, r) => t.targets[r * n + k]!);
}

/**
 * Writes the store in `dir` to `out` in `format`:
 * - `npy`: a structured array, fields `id` (unicode), `label` and `label_index` (when the store has classes),
 *   one float32 field per target, `features` float32 `(dim,)`: `np.load(out)['features']`;
 * - `hdf5`: datasets `features` [rows, dim] float32, `ids` (UTF-8 strings), `labels` int32 (−1 = none) with
 *   `class_names`, `targets` [rows, T] float32 with `target_names`; the provenance as root attributes;
 * - `parquet`, `fits`, `csv`: columns `id`, `label`, the targets and `feature` (one FITS column of `dim`
 *   elements; `feature_0` … `feature_<dim−1>` in Parquet and CSV).
 *
 * @example
 * ```ts
 * await exportFeatures('gz1-feats', 'gz1.h5', 'hdf5'); // { path: '/…/gz1.h5', format: 'hdf5', rows: 1221, dim: 1024, fields: [...] }
 * ```
 */
export async function exportFeatures(dir: string, out: string, format: ExportFormat): Promise<ExportFeaturesResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new FeaturesError('features/bad-option', `export format '${String(format)}' is not one of ${EXPORT_FORMATS.join(', ')}`);
  const t = await readFeatures(dir);
  const path = resolve(out);
  const hasClasses = t.meta.dataset.classNames.length > 0;
  const tn = targetNames(t);
  if (format === 'npy') {
    const fields: NpyField[] = [
      { name: 'id', kind: 'unicode', values: t.ids },
      ...(hasClasses ? [{ name: 'label', kind: 'unicode', values: labelNames(t) } as const, { name: 'label_index', kind: 'int32', values: t.labels } as const] : []),
      ...tn.map((name, k) => ({ name, kind: 'float32', values: targetColumn(t, k) }) as const),
      { name: 'features', kind: 'float32', values: t.X, shape: [t.dim] },
    ];
    writeFileSync(path, structuredNpy(t.rows, fields));
    return { path, format, rows: t.rows, dim: t.dim, fields: fields.map((f) => f.name) };
  }
  if (format === 'hdf5') {
    const T = t.meta.dataset.targetNames.length;
    const datasets = [
      { name: 'features', values: t.X, shape: [t.rows, t.dim] },
      { name: 'ids', values: t.ids },
      ...(hasClasses ? [{ name: 'labels', values: t.labels, shape: [t.rows] }, { name: 'class_names', values: t.meta.dataset.classNames }] : []),
      ...(T > 0 ? [{ name: 'targets', values: t.targets, shape: [t.rows, T] }, { name: 'target_names', values: t.meta.dataset.targetNames }] : []),
    ];
    await writeHdf5File(path, datasets, provenance(t));
    return { path, format, rows: t.rows, dim: t.dim, fields: datasets.map((d) => d.name) };
  }
  const columns: ResultColumn[] = [
    { name: 'id', values: t.ids },
    ...(hasClasses ? [{ name: 'label', values: labelNames(t) }] : []),
    ...tn.map((name, k) => ({ name, values: targetColumn(t, k) })),
    { name: 'feature', values: t.X, width: t.dim },
  ];
  writeFileSync(path, tableBytes(resultTable('features', columns), format, provenance(t)));
  return { path, format, rows: t.rows, dim: t.dim, fields: columns.map((c) => c.name) };
}
