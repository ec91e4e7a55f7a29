/**
 * Which rows and targets of a feature store a head trains or is evaluated on: class labels, or one or more
 * regression-target columns (`--labels`).
 */
import type { FeatureTable } from '@kenobi/features/node';
import { LearnError, matrix, type Matrix, type Targets } from '@kenobi/learn';
import { UsageError } from '../usage-error.js';

/** Features and targets ready for `trainHead` / evaluation. */
export interface HeadData {
  readonly x: Matrix;
  readonly y: Targets;
  readonly task: 'classification' | 'regression';
  /** Classes (classification) or target columns (regression). */
  readonly outputs: number;
  /** Class names, or the regression target names. */
  readonly names: readonly string[];
  readonly ids: readonly string[];
  /** What `--labels` resolved to: 'class' or the target column list. */
  readonly labels: string;
  /** Rows of the store left out: no class label, or a target without a value (an empty catalog cell). */
  readonly leftOut: number;
}

/**
 * Selects rows and targets: `labels` undefined → class labels when the store has classes, else its first
 * regression target; `'class'` → class labels; `'z'` or `'z,mass'` → those target columns. Unlabelled rows
 * (label −1, NaN target) are left out.
 *
 * @example
 * ```ts
 * const d = headData(await readFeatures('feats'), undefined);
 * d.task; // 'classification'
 * ```
 */
export function headData(table: FeatureTable, labels: string | undefined): HeadData {
  const { classNames, targetNames } = table.meta.dataset;
  const hasClasses = classNames.length > 0 && table.labels.some((l) => l >= 0);
  const want = labels ?? (hasClasses ? 'class' : targetNames[0]);
  if (want === undefined) {
    throw new LearnError('learn/bad-argument', `${table.meta.dataset.source}: the feature store has no class labels and no regression targets`, { hint: 'extract with --label-col or --targets' });
  }
  const keep: number[] = [];
  if (want === 'class' || want === 'label') {
    if (!hasClasses) throw new LearnError('learn/bad-argument', `the feature store has no class labels (targets: ${targetNames.join(', ') || 'none'})`, { hint: targetNames.length ? `use --labels ${targetNames[0]}` : 'extract with --label-col' });
    for (let r = 0; r < table.rows; r++) if (table.labels[r]! >= 0) keep.push(r);
    const y = Int32Array.from(keep, (r) => table.labels[r]!);
    return finiteOnly({ x: rows(table, keep), y, task: 'classification', outputs: classNames.length, names: classNames, ids: keep.map((r) => table.ids[r]!), labels: 'class', leftOut: table.rows - keep.length }, keep);
  }
  const cols = want.split(',').map((s) => s.trim());
  const idx = cols.map((c) => {
    const i = targetNames.indexOf(c);
    if (i < 0) throw new UsageError(`--labels ${c}: no such column; the store has 'class'${targetNames.length ? ` and targets ${targetNames.join(', ')}` : ''}`);
    return i;
  });
  const t = targetNames.length;
  for (let r = 0; r < table.rows; r++) if (idx.every((i) => Number.isFinite(table.targets[r * t + i]!))) keep.push(r);
  if (keep.length === 0) throw new LearnError('learn/non-finite-input', `no row has a finite ${cols.join(', ')}`);
  const y = matrix(keep.length, cols.length, keep.flatMap((r) => idx.map((i) => table.targets[r * t + i]!)));
  return finiteOnly({ x: rows(table, keep), y, task: 'regression', outputs: cols.length, names: cols, ids: keep.map((r) => table.ids[r]!), labels: cols.join(','), leftOut: table.rows - keep.length }, keep);
}

/**
 * `data` when every feature is finite; else `learn/non-finite-input` naming the first bad row by its id and its
 * row in the store, and how many rows are bad. NOTE: checked here, not only by the trainer, whose row numbers
 * count the rows kept (and a fold's rows under --kfold), not the store's.
 */
function finiteOnly(data: HeadData, storeRows: readonly number[]): HeadData {
  const { rows: n, cols, data: v } = data.x;
  let first = -1, bad = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols; c++) {
      if (!Number.isFinite(v[r * cols + c]!)) {
        if (first < 0) first = r * cols + c;
        bad++;
        break;
      }
    }
  }
  if (first < 0) return data;
  const r = Math.floor(first / cols), c = first % cols;
  throw new LearnError('learn/non-finite-input', `${bad} row(s) of features hold NaN or ±∞; the first is id '${data.ids[r]}' (row ${storeRows[r]} of the store), feature ${c} = ${v[first]}`, {
    hint: 'drop or impute those rows (check FITS BLANK pixels and empty cutouts, or the source of imported features)',
    details: { id: data.ids[r], row: storeRows[r], col: c, value: v[first], rows: bad },
  });
}

function rows(table: FeatureTable, keep: readonly number[]): Matrix {
  if (keep.length === table.rows) return matrix(table.rows, table.dim, table.X);
  const out = new Float32Array(keep.length * table.dim);
  keep.forEach((r, i) => out.set(table.X.subarray(r * table.dim, (r + 1) * table.dim), i * table.dim));
  return matrix(keep.length, table.dim, out);
}
