/**
 * Node-only. `importFeatures`: a feature store from features made elsewhere (numpy, Zoobot, a table), so that
 * `kenobi train`, `evaluate` and `cluster` work on them as on an extracted store. Labels and targets come from
 * their own files (matched by id when those files have an id column, else by position) or from columns of
 * the features' own table.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cOrderValues, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import { datasetFingerprint } from '../dataset/dataset-fingerprint.node.js';
import type { DatasetItem } from '../dataset/dataset.js';
import { openStoreWriter } from '../store/store-writer.node.js';
import { FEATURE_STORE_FORMAT } from '../store/store-meta.js';
import type { FeatureStoreMeta } from '../store/store-meta.js';
import { kenobiVersion } from '../store/kenobi-version.node.js';
import type { ImagePreprocessing } from '../pipeline/image-preprocessing.js';
import { readColumnValues, readFeatureMatrix, splitDatasetSpec } from './feature-sources.node.js';
import type { ColumnValues, FeatureMatrix } from './feature-sources.node.js';
import { readNpyFile } from './npy-arrays.node.js';

/** What to import. */
export interface ImportFeaturesOptions {
  /** The features: `X.npy`, `reps.hdf5[:dataset]`, or a table (CSV, Parquet, FITS) of numeric columns. */
  readonly x: string;
  /** Ids, one per row (`.npy`, `.txt`, `file.hdf5:dataset`, or a table with `idCol`); default: beside X, else the row index. */
  readonly ids?: string;
  /** The id column of tables (X's, the labels', the targets'); default one named like an id. */
  readonly idCol?: string;
  /** Class labels: a file (`.npy`, `.txt`, `file.hdf5:dataset`, a table with `labelCol`), or a column of X's table. */
  readonly labels?: string;
  readonly labelCol?: string;
  /** Regression targets: an `.npy` ([N] or [N, T]) or a table with `targetCols`; or columns of X's table. */
  readonly targets?: string;
  readonly targetCols?: readonly string[];
  readonly out: string;
  readonly overwrite?: boolean;
  /** Rows per `.npy` part (default 4096). */
  readonly rowsPerPart?: number;
}

/** What was imported. */
export interface ImportFeaturesResult {
  readonly meta: FeatureStoreMeta;
  readonly source: string;
  readonly idsFrom: string;
  readonly labelsFrom: string | undefined;
  readonly targetsFrom: string | undefined;
  /** Things worth saying (rows without a label, passes averaged, ...). */
  readonly notes: readonly string[];
}

/** Values for each row of X: by id when the file has ids (and X has), else by position (counts must match). */
function align(v: ColumnValues, ids: readonly string[], rows: number, what: string, notes: string[]): string[] {
  if (v.ids) {
    const byId = new Map<string, string>();
    v.ids.forEach((id, i) => byId.set(id, v.values[i]!));
    const out = ids.map((id) => byId.get(id) ?? '');
    const found = ids.filter((id) => byId.has(id)).length;
    if (found === 0) throw new FeaturesError('features/bad-option', `${what}: none of the ${rows} ids is in ${v.source}`, { hint: 'check --id-col, or give the values in row order' });
    if (found < rows) notes.push(`${what}: ${rows - found} of ${rows} rows have no entry in ${v.source}`);
    const extra = v.ids.length - found;
    if (extra > 0) notes.push(`${what}: ${extra} entries of ${v.source} match no row`);
    return out;
  }
  if (v.values.length !== rows) throw new FeaturesError('features/bad-option', `${what}: ${v.source} has ${v.values.length} values for ${rows} rows`);
  return [...v.values];
}

async function readTargets(o: ImportFeaturesOptions, m: FeatureMatrix, ids: readonly string[], notes: string[]): Promise<{ names: string[]; values: number[][]; from: string } | undefined> {
  if (o.targets === undefined) {
    if (!o.targetCols || !m.table) return undefined;
    const cols = o.targetCols.map((c) => {
      const col = m.table!.column(c);
      if (!col || col.kind !== 'number') throw new FeaturesError('features/missing-column', `${m.table!.source} has no numeric column '${c}' (a target)`, { details: { file: m.file, column: c } });
      return col;
    });
    return { names: cols.map((c) => c.name), values: Array.from({ length: m.rows }, (_, r) => cols.map((c) => c.number(r))), from: `${m.table.source} columns ${cols.map((c) => c.name).join(', ')}` };
  }
  const { file } = splitDatasetSpec(o.targets);
  if (file.toLowerCase().endsWith('.npy')) {
    const a = await readNpyFile(resolve(file));
    if (a.kind !== 'numbers' || a.matrix.shape.length > 2 || a.matrix.shape[0] !== m.rows) {
      throw new FeaturesError('features/bad-option', `targets: ${resolve(file)} has shape [${a.kind === 'numbers' ? a.matrix.shape.join(', ') : 'strings'}]; ${m.rows} rows of numbers are needed ([rows] or [rows, targets])`);
    }
    const t = a.matrix.shape[1] ?? 1;
    const names = o.targetCols ?? Array.from({ length: t }, (_, k) => (t === 1 ? 'target' : `target_${k}`));
    if (names.length !== t) throw new FeaturesError('features/bad-option', `targets: ${t} columns in ${resolve(file)} but ${names.length} names`);
    return { names: [...names], values: Array.from({ length: m.rows }, (_, r) => Array.from({ length: t }, (_, k) => a.matrix.values[r * t + k]!)), from: resolve(file) };
  }
  const cols = o.targetCols ?? [];
  if (cols.length === 0) throw new FeaturesError('features/bad-option', `targets: name the target columns of ${o.targets} (--target-cols)`);
  const per = await Promise.all(cols.map((c) => readColumnValues(o.targets!, { column: c, ...(o.idCol ? { idCol: o.idCol } : {}), what: 'targets' })));
  const aligned = per.map((v, k) => align(v, ids, m.rows, `targets '${cols[k]}'`, notes));
  return { names: [...cols], values: Array.from({ length: m.rows }, (_, r) => aligned.map((a) => (a[r] === '' ? Number.NaN : Number(a[r])))), from: per[0]!.source.replace(/ column .*$/, '') };
}

/** What a store is written from: the features and where they came from. */
interface ImportedMatrix {
  readonly source: string;
  readonly tensor: string;
  readonly path: string | undefined;
  readonly sha256: string;
  readonly X: Float32Array;
  readonly rows: number;
  readonly dim: number;
}

/** Writes the store: meta (no model run), the parts, and the whole-store files. */
function writeImportedStore(o: Pick<ImportFeaturesOptions, 'out' | 'overwrite' | 'rowsPerPart'>, m: ImportedMatrix, ids: readonly string[], labels: readonly string[] | undefined, targets: { names: readonly string[]; values: readonly (readonly number[])[] } | undefined): FeatureStoreMeta {
  const classNames = labels ? [...new Set(labels.filter((l) => l !== ''))].sort() : [];
  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  const items: DatasetItem[] = ids.map((id, r) => ({
    row: r + 1, id, source: { kind: 'file', path: m.source },
    ...(labels && labels[r] !== '' ? { label: labels[r]! } : {}), ...(targets ? { targets: targets.values[r]! } : {}),
  }));
  const rowsPerPart = o.rowsPerPart ?? 4096;
  const parts = Math.max(1, Math.ceil(m.rows / rowsPerPart));
  const preprocessing = { config: { inputSize: [0, 0], resize: 'none', crop: 'none', scale: 1, mean: [], std: [], channelOrder: 'none', layout: 'NCHW' }, tta: 'none' } as unknown as ImagePreprocessing;
  const meta: FeatureStoreMeta = {
    format: FEATURE_STORE_FORMAT, formatVersion: 1, status: 'running',
    model: { id: 'imported', ...(m.path ? { path: m.path } : {}), sha256: m.sha256, batchMode: 'imported' },
    tensor: m.tensor, pool: 'none', preprocessing,
    dataset: { source: m.source, kind: 'imported', fingerprint: datasetFingerprint({ items }), items: m.rows, classNames, targetNames: targets ? [...targets.names] : [] },
    shard: { index: 0, count: 1, start: 0, end: m.rows }, rowsPerPart, parts, dim: 0, rows: 0, batchSize: 0,
    device: { requested: 'none', device: 'none', provider: 'none', ortVersion: '', report: `imported from ${m.source}: no model was run`, attempts: [] },
    failures: [], kenobiVersion: kenobiVersion(), createdAt: new Date().toISOString(),
  };
  const writer = openStoreWriter(o.out, meta, { ...(o.overwrite ? { overwrite: true } : {}) });
  for (let p = 0; p < parts; p += 1) {
    const from = p * rowsPerPart;
    const to = Math.min(m.rows, from + rowsPerPart);
    const rows = { ids: ids.slice(from, to), labels: Array.from({ length: to - from }, (_, k) => (labels ? (classIndex.get(labels[from + k]!) ?? -1) : -1)), targets: targets ? targets.values.slice(from, to) : Array.from({ length: to - from }, () => []) };
    writer.writePart(p, m.X.subarray(from * m.dim, to * m.dim), m.dim, rows, []);
  }
  return writer.finish();
}

/** In-memory features for {@link importFeatureArrays}. */
export interface FeatureArrays {
  /** `[rows, dim]`: any strided view (a scijs array, transposed or sliced), or `{ data, shape }`. */
  readonly X: StridedView;
  readonly ids?: readonly string[];
  readonly labels?: readonly string[];
  /** `[rows]` or `[rows, T]`. */
  readonly targets?: StridedView;
  readonly targetNames?: readonly string[];
  /** What to call the features' origin in the store's meta (default 'arrays'). */
  readonly source?: string;
  readonly out: string;
  readonly overwrite?: boolean;
  readonly rowsPerPart?: number;
}

/**
 * A feature store from arrays in memory (the Node API of `kenobi features import`): X and targets may be
 * any strided view, read in C order. Throws `features/bad-option` for a view that is not `[rows, dim]` or ids,
 * labels or targets of another length.
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * importFeatureArrays({ X: ndarray(embeddings, [512, 1000]).transpose(1, 0), ids, labels, out: 'feats' }); // 1000 rows × 512
 * ```
 */
export function importFeatureArrays(a: FeatureArrays): FeatureStoreMeta {
  if (!isStridedView(a.X) || a.X.shape.length !== 2) throw new FeaturesError('features/bad-option', `X must be a 2-D array view [rows, features], got ${isStridedView(a.X) ? `shape [${a.X.shape.join(', ')}]` : 'something else'}`);
  const [rows, dim] = a.X.shape as [number, number];
  const X = Float32Array.from(cOrderValues(a.X));
  const check = (what: string, n: number | undefined): void => {
    if (n !== undefined && n !== rows) throw new FeaturesError('features/bad-option', `${what} has ${n} entries for ${rows} rows`);
  };
  check('ids', a.ids?.length);
  check('labels', a.labels?.length);
  let targets: { names: string[]; values: number[][] } | undefined;
  if (a.targets) {
    if (!isStridedView(a.targets) || a.targets.shape.length > 2) throw new FeaturesError('features/bad-option', 'targets must be a [rows] or [rows, T] array view');
    check('targets', a.targets.shape[0]);
    const t = a.targets.shape[1] ?? 1;
    const v = cOrderValues(a.targets);
    const names = a.targetNames ?? Array.from({ length: t }, (_, k) => (t === 1 ? 'target' : `target_${k}`));
    if (names.length !== t) throw new FeaturesError('features/bad-option', `${t} target columns but ${names.length} target names`);
    targets = { names: [...names], values: Array.from({ length: rows }, (_, r) => Array.from({ length: t }, (_, k) => v[r * t + k]!)) };
  }
  const ids = a.ids ? [...a.ids] : Array.from({ length: rows }, (_, i) => String(i));
  if (new Set(ids).size !== ids.length || ids.includes('')) throw new FeaturesError('features/bad-option', 'ids must be distinct and non-empty');
  const sha256 = createHash('sha256').update(new Uint8Array(X.buffer, X.byteOffset, X.byteLength)).digest('hex');
  return writeImportedStore(a, { source: a.source ?? 'arrays', tensor: a.source ?? 'arrays', path: undefined, sha256, X, rows, dim }, ids, a.labels ? [...a.labels] : undefined, targets);
}

/**
 * Builds a feature store at `o.out` from features made elsewhere. Throws typed errors naming the file (and
 * dataset or column) for anything that does not fit: a wrong rank, a missing column, ids or labels that do
 * not match the rows.
 *
 * @example
 * ```ts
 * const r = await importFeatures({ x: 'representations.hdf5', labels: 'gz_labels.csv', labelCol: 'smooth', out: 'zoobot-feats' });
 * r.meta.rows; r.meta.dim; r.idsFrom; // 1000, 1280, '…/representations.hdf5:/id_str'
 * ```
 */
export async function importFeatures(o: ImportFeaturesOptions): Promise<ImportFeaturesResult> {
  // NOTE: columns of X's own table named as the label or targets are never features, wherever the labels and
  // targets are read from (with --targets X.csv --target-cols z, z stayed a feature: the target leaked into X)
  const exclude = [...(o.labelCol ? [o.labelCol] : []), ...(o.targetCols ?? [])];
  const m = await readFeatureMatrix(o.x, { ...(o.idCol ? { idCol: o.idCol } : {}), exclude });
  const notes = [...m.notes];
  let ids: string[];
  let idsFrom: string;
  if (o.ids !== undefined) {
    const v = await readColumnValues(o.ids, { column: o.idCol ?? 'id', what: 'ids' });
    if (v.values.length !== m.rows) throw new FeaturesError('features/bad-option', `ids: ${v.source} has ${v.values.length} values for ${m.rows} rows of ${m.source}`);
    ids = [...v.values];
    idsFrom = v.source;
  } else if (m.ids) {
    ids = [...m.ids];
    idsFrom = m.idsFrom!;
  } else {
    ids = Array.from({ length: m.rows }, (_, i) => String(i));
    idsFrom = 'row numbers (0-based)';
  }
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (id === '') throw new FeaturesError('features/bad-option', `ids (${idsFrom}): row ${i} has an empty id`);
    if (seen.has(id)) throw new FeaturesError('features/bad-option', `ids (${idsFrom}): '${id}' appears twice`);
    seen.add(id);
  });
  let labels: string[] | undefined;
  let labelsFrom: string | undefined;
  if (o.labels !== undefined) {
    const v = await readColumnValues(o.labels, { ...(o.labelCol ? { column: o.labelCol } : {}), ...(o.idCol ? { idCol: o.idCol } : {}), what: 'labels' });
    labels = align(v, ids, m.rows, 'labels', notes);
    labelsFrom = v.source;
  } else if (o.labelCol !== undefined) {
    const col = m.table?.column(o.labelCol);
    if (!col) throw new FeaturesError('features/missing-column', `${m.table?.source ?? m.source} has no column '${o.labelCol}' (the label)`, { details: { file: m.file, column: o.labelCol } });
    labels = Array.from({ length: m.rows }, (_, r) => col.text(r));
    labelsFrom = `${m.table!.source} column '${col.name}'`;
  }
  const targets = await readTargets(o, m, ids, notes);
  const done = writeImportedStore(o, { source: m.source, tensor: m.tensor, path: m.file, sha256: createHash('sha256').update(readFileSync(m.file)).digest('hex'), X: m.X, rows: m.rows, dim: m.dim }, ids, labels, targets);
  return { meta: done, source: m.source, idsFrom, labelsFrom, targetsFrom: targets?.from, notes };
}
