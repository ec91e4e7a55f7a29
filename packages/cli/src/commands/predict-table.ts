/**
 * The predictions of `kenobi predict` as a result table, for `--out predictions.parquet|.fits|.csv`: the
 * columns of the CSV (id, label, class, probability, std, one per output, their stds, error), with numbers as
 * numbers (NaN for an image that failed) and failed images in dataset order among the others.
 */
import { resultTable } from '@kenobi/features';
import type { ItemFailure, ResultColumn, ResultTable } from '@kenobi/features';
import type { PredictionRow } from './predict-format.js';

/**
 * The predictions table.
 *
 * @example
 * ```ts
 * predictionsResultTable(rows, ['non-lens', 'lens'], true).columns.map((c) => c.name);
 * // ['id', 'class', 'probability', 'p_non-lens', 'p_lens']
 * ```
 */
export function predictionsResultTable(rows: readonly PredictionRow[], columns: readonly string[], classification: boolean, failures: readonly ItemFailure[] = []): ResultTable {
  const all: { row: number; p?: PredictionRow; fail?: ItemFailure }[] = [
    ...rows.map((p, k) => ({ row: p.row ?? k, p })),
    ...failures.map((fail) => ({ row: fail.row, fail })),
  ];
  // NOTE: a stable sort by dataset row puts each failed image where it was in the dataset (as the CSV does).
  all.sort((a, b) => a.row - b.row);
  const hasLabel = rows.some((r) => r.label !== undefined);
  const hasStd = rows.some((r) => r.stds !== undefined);
  const num = (get: (p: PredictionRow) => number | undefined): Float64Array => Float64Array.from(all, (x) => (x.p ? (get(x.p) ?? Number.NaN) : Number.NaN));
  const out: ResultColumn[] = [{ name: 'id', values: all.map((x) => x.p?.id ?? x.fail!.id) }];
  if (hasLabel) out.push({ name: 'label', values: all.map((x) => x.p?.label ?? '') });
  if (classification) {
    out.push({ name: 'class', values: all.map((x) => x.p?.class ?? '') }, { name: 'probability', values: num((p) => p.probability), digits: 6 });
    if (hasStd) out.push({ name: 'std', values: num((p) => p.std), digits: 6 });
  }
  columns.forEach((c, k) => out.push({ name: classification ? `p_${c}` : c, values: num((p) => p.values[k]), digits: 6 }));
  if (hasStd) columns.forEach((c, k) => out.push({ name: `std_${c}`, values: num((p) => p.stds?.[k]), digits: 6 }));
  if (failures.length > 0) out.push({ name: 'error', values: all.map((x) => (x.fail ? `${x.fail.code ? `${x.fail.code}: ` : ''}${x.fail.error}` : '')) });
  return resultTable('predictions', out);
}
