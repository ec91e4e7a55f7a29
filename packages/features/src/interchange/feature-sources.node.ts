/**
 * Node-only. Where imported features, ids, labels and targets come from: a feature matrix from `.npy`, HDF5
 * (`file.hdf5:dataset`; Zoobot's `representations.hdf5` layout found by itself), or a table (CSV, Parquet, a
 * FITS table) whose numeric columns are the features; and vectors (ids, labels, targets) from `.npy`, HDF5,
 * text files one value per line, or a table column.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import { readCatalogTable, sniffFile } from '../dataset/load-catalog.node.js';
import { detectIdColumn } from '../dataset/catalog-table.js';
import type { CatalogTable } from '../dataset/catalog-table.js';
import { listHdf5Datasets, readHdf5Dataset } from './hdf5-file.node.js';
import { readNpyFile } from './npy-arrays.node.js';

/** A feature matrix read from a file, with what came with it. */
export interface FeatureMatrix {
  /** The file, and the dataset inside it when there is one (`reps.hdf5:/predictions`). */
  readonly source: string;
  readonly file: string;
  /** What the features are called in the store's meta (`tensor`): the dataset, or the file name. */
  readonly tensor: string;
  readonly rows: number;
  readonly dim: number;
  readonly X: Float32Array;
  /** Ids found beside the features (Zoobot's `id_str`, a table's id column). */
  readonly ids?: readonly string[];
  /** Where the ids came from, for the report. */
  readonly idsFrom?: string;
  /** Feature names (Zoobot's `label_cols`, a table's column names). */
  readonly featureNames?: readonly string[];
  /** For tables: the catalog, so labels and targets can come from its columns too. */
  readonly table?: CatalogTable;
  readonly notes: readonly string[];
}

/**
 * `file.hdf5:dataset` → the file and the dataset; the file alone when the whole spec is an existing file.
 *
 * @example
 * ```ts
 * splitDatasetSpec('reps.hdf5:/predictions'); // { file: 'reps.hdf5', dataset: '/predictions' }
 * ```
 */
export function splitDatasetSpec(spec: string): { file: string; dataset: string | undefined } {
  if (existsSync(spec)) return { file: spec, dataset: undefined };
  const at = spec.lastIndexOf(':');
  if (at <= 0 || at === spec.length - 1) return { file: spec, dataset: undefined };
  return { file: spec.slice(0, at), dataset: spec.slice(at + 1) };
}

function rankError(what: string, shape: readonly number[]): FeaturesError {
  return new FeaturesError('features/bad-option', `${what} has shape [${shape.join(', ')}] (rank ${shape.length}): features need rank 2, [rows, features] (or Zoobot's [rows, features, passes])`, {
    details: { shape },
  });
}

/** [N, D] or [N, D, passes] (passes averaged) → float32 [N, D]. */
function asMatrix(values: ArrayLike<number | bigint>, shape: readonly number[], what: string, notes: string[]): { X: Float32Array; rows: number; dim: number } {
  if (shape.length === 2) return { X: Float32Array.from(values as ArrayLike<number>, Number), rows: shape[0]!, dim: shape[1]! };
  if (shape.length === 3) {
    const [n, d, s] = shape as [number, number, number];
    const X = new Float32Array(n * d);
    for (let i = 0; i < n * d; i += 1) {
      let sum = 0;
      for (let k = 0; k < s; k += 1) sum += Number(values[i * s + k]!);
      X[i] = sum / s;
    }
    // NOTE: Zoobot writes [galaxy, feature, forward pass]; one pass is the usual representation.
    if (s !== 1) notes.push(`${what}: the mean of ${s} forward passes per row`);
    return { X, rows: n, dim: d };
  }
  throw rankError(what, shape);
}

/** The HDF5 dataset to import when none is named: Zoobot's 'predictions', else the only rank-2/3 numeric one. */
async function pickHdf5Dataset(file: string): Promise<string> {
  const all = await listHdf5Datasets(file);
  if (all.some((d) => d.path === '/predictions' && !d.text)) return '/predictions';
  const candidates = all.filter((d) => !d.text && (d.shape.length === 2 || d.shape.length === 3));
  if (candidates.length === 1) return candidates[0]!.path;
  throw new FeaturesError('features/bad-option', `${file}: ${candidates.length === 0 ? 'no dataset of rank 2 or 3' : 'several datasets could be the features'}; name one as ${basename(file)}:<dataset>`, {
    hint: `its datasets are: ${all.map((d) => `${d.path} [${d.shape.join(', ')}]`).join(', ')}`,
  });
}

async function fromHdf5(file: string, dataset: string | undefined): Promise<FeatureMatrix> {
  const name = dataset ?? (await pickHdf5Dataset(file));
  const full = name.startsWith('/') ? name : `/${name}`;
  const v = await readHdf5Dataset(file, full);
  const what = `${file}: dataset '${full}'`;
  if (v.kind !== 'numbers') throw new FeaturesError('features/bad-option', `${what} holds strings, not features`);
  const notes: string[] = [];
  const m = asMatrix(v.values as ArrayLike<number | bigint>, v.shape, what, notes);
  const listing = await listHdf5Datasets(file);
  const has = (p: string): boolean => listing.some((d) => d.path === p);
  let ids: string[] | undefined;
  let featureNames: string[] | undefined;
  // NOTE: Zoobot's layout: 'id_str' (one per galaxy) and 'label_cols' (one per feature) beside 'predictions'.
  if (full === '/predictions' && has('/id_str')) {
    const s = await readHdf5Dataset(file, '/id_str');
    if (s.kind === 'strings' && s.values.length === m.rows) ids = [...s.values];
  }
  if (full === '/predictions' && has('/label_cols')) {
    const s = await readHdf5Dataset(file, '/label_cols');
    if (s.kind === 'strings' && s.values.length === m.dim) featureNames = [...s.values];
  }
  return { source: `${file}:${full}`, file, tensor: full, ...m, ...(ids ? { ids, idsFrom: `${file}:/id_str` } : {}), ...(featureNames ? { featureNames } : {}), notes };
}

async function fromTable(file: string, idCol: string | undefined, exclude: readonly string[]): Promise<FeatureMatrix> {
  const table = await readCatalogTable(file);
  const idName = idCol ?? detectIdColumn(table);
  if (idCol !== undefined && !table.column(idCol)) {
    throw new FeaturesError('features/missing-column', `${table.source} has no column '${idCol}' (the id)`, { hint: `its columns are: ${table.names.join(', ')}`, details: { file, column: idCol } });
  }
  const skip = new Set([idName, ...exclude].filter((n): n is string => n !== undefined).map((n) => table.column(n)?.name ?? n));
  const cols = table.names.map((n) => table.column(n)!).filter((c) => !skip.has(c.name) && c.kind === 'number');
  if (cols.length === 0) throw new FeaturesError('features/bad-option', `${table.source}: no numeric columns to use as features (columns: ${table.names.join(', ')})`);
  const X = new Float32Array(table.rows * cols.length);
  for (let r = 0; r < table.rows; r += 1) cols.forEach((c, j) => { X[r * cols.length + j] = c.number(r); });
  const id = idName === undefined ? undefined : table.column(idName)!;
  const ids = id ? Array.from({ length: table.rows }, (_, r) => id.text(r)) : undefined;
  return {
    source: table.source, file, tensor: basename(file), rows: table.rows, dim: cols.length, X,
    ...(ids ? { ids, idsFrom: `${table.source} column '${id!.name}'` } : {}), featureNames: cols.map((c) => c.name), table, notes: [],
  };
}

/**
 * Reads the feature matrix of `spec`: `X.npy`, `reps.hdf5[:dataset]`, or a table (CSV, Parquet, FITS table)
 * whose numeric columns other than the id and `exclude` (label, target columns) are the features. A wrong
 * rank is `features/bad-option` naming the file (and dataset) and the shape.
 *
 * @example
 * ```ts
 * const m = await readFeatureMatrix('representations.hdf5'); // Zoobot: ids from id_str, names from label_cols
 * m.rows; m.dim; // 1000, 1280
 * ```
 */
export async function readFeatureMatrix(spec: string, options: { readonly idCol?: string; readonly exclude?: readonly string[] } = {}): Promise<FeatureMatrix> {
  const { file: rel, dataset } = splitDatasetSpec(spec);
  const file = resolve(rel);
  if (!existsSync(file)) throw new FeaturesError('features/bad-option', `${file} does not exist`);
  const kind = await sniffFile(file);
  if (kind === 'hdf5') return fromHdf5(file, dataset);
  if (dataset !== undefined) throw new FeaturesError('features/bad-option', `${file} is not HDF5, so ':${dataset}' names nothing in it`);
  if (kind === 'npy') {
    const a = await readNpyFile(file);
    if (a.kind !== 'numbers') throw new FeaturesError('features/bad-option', `${file} holds strings, not features`);
    const notes: string[] = [];
    if (a.matrix.shape.length !== 2) throw rankError(file, a.matrix.shape);
    return { source: file, file, tensor: basename(file), ...asMatrix(a.matrix.values, a.matrix.shape, file, notes), notes };
  }
  return fromTable(file, options.idCol, options.exclude ?? []);
}

/** A vector read from a file, one value per row as text (numbers as their exact decimal: 64-bit ids stay exact). */
export interface ColumnValues {
  readonly source: string;
  readonly values: readonly string[];
  /** For tables: the id of each row, when the table has an id column (used to join by id). */
  readonly ids?: readonly string[];
}

/**
 * Reads one value per row from `spec`: an `.npy` (1-D; a 2-D numeric one for targets), `file.hdf5:dataset`, a
 * text file (one value per line), or a table column (`column`; for tables the ids come too, when found, so
 * that rows can be matched by id).
 *
 * @example
 * ```ts
 * (await readColumnValues('labels.csv', { column: 'klass' })).values; // ['spiral', ...]
 * ```
 */
export async function readColumnValues(spec: string, options: { readonly column?: string; readonly idCol?: string; readonly what: string }): Promise<ColumnValues> {
  const { file: rel, dataset } = splitDatasetSpec(spec);
  const file = resolve(rel);
  if (!existsSync(file)) throw new FeaturesError('features/bad-option', `${options.what}: ${file} does not exist`);
  const kind = await sniffFile(file);
  if (kind === 'hdf5') {
    if (!dataset) throw new FeaturesError('features/bad-option', `${options.what}: name the dataset, ${basename(file)}:<dataset>`);
    const v = await readHdf5Dataset(file, dataset);
    if (v.shape.length !== 1) throw new FeaturesError('features/bad-option', `${options.what}: ${file} dataset '${dataset}' has shape [${v.shape.join(', ')}], not one value per row`);
    return { source: `${file}:${dataset}`, values: v.kind === 'strings' ? v.values : Array.from(v.values as ArrayLike<number | bigint>, (x) => String(x)) };
  }
  if (kind === 'npy') {
    const a = await readNpyFile(file);
    if (a.kind === 'strings') return { source: file, values: a.values };
    if (a.matrix.shape.length !== 1) throw new FeaturesError('features/bad-option', `${options.what}: ${file} has shape [${a.matrix.shape.join(', ')}], not one value per row`);
    return { source: file, values: a.matrix.exact ?? Array.from(a.matrix.values, String) };
  }
  if (kind === 'text' && !file.toLowerCase().endsWith('.csv')) {
    const lines = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return { source: file, values: lines.map((l) => l.trim()) };
  }
  const table = await readCatalogTable(file);
  const name = options.column ?? 'label';
  const col = table.column(name);
  if (!col) throw new FeaturesError('features/missing-column', `${options.what}: ${table.source} has no column '${name}'`, { hint: `its columns are: ${table.names.join(', ')}`, details: { file, column: name } });
  const idName = options.idCol ?? detectIdColumn(table);
  const id = idName === undefined || idName === col.name ? undefined : table.column(idName);
  return {
    source: `${table.source} column '${col.name}'`,
    values: Array.from({ length: table.rows }, (_, r) => col.text(r)),
    ...(id ? { ids: Array.from({ length: table.rows }, (_, r) => id.text(r)) } : {}),
  };
}
