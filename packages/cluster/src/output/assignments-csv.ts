/**
 * The assignments table of `kenobi cluster`: one row per store row with its id, cluster and distance or
 * probability, as a result table (CSV, Parquet or FITS through `@kenobi/features`) or as CSV text.
 */
import { resultTable, resultTableCsv } from '@kenobi/features';
import type { ResultTable } from '@kenobi/features';
import { ClusterError } from '../cluster-error.js';

/**
 * The assignments as a table: `id` (text), `cluster` (int32; −1 = noise for DBSCAN), and `distance` or
 * `probability` (float64; 6 significant digits in CSV).
 *
 * @example
 * ```ts
 * assignmentsTable(['a', 'b'], Int32Array.from([0, 1]), Float64Array.from([0.5, 1.25]), 'distance').columns.map((c) => c.name);
 * // ['id', 'cluster', 'distance']
 * ```
 */
export function assignmentsTable(ids: readonly string[], labels: ArrayLike<number>, values: ArrayLike<number>, valueName: 'distance' | 'probability'): ResultTable {
  if (ids.length !== labels.length || values.length !== labels.length) {
    throw new ClusterError('cluster/shape-mismatch', `assignments: ${ids.length} ids, ${labels.length} labels, ${values.length} values`);
  }
  return resultTable('assignments', [
    { name: 'id', values: ids },
    { name: 'cluster', values: Int32Array.from(labels) },
    { name: valueName, values: Float64Array.from(values), digits: 6 },
  ]);
}

/**
 * Writes `id,cluster,<valueName>` lines through Kenobi's one CSV writer (RFC 4180 quoting of ids; values with 6
 * significant digits).
 *
 * @example
 * ```ts
 * assignmentsCsv(['a', 'b'], Int32Array.from([0, 1]), Float64Array.from([0.5, 1.25]), 'distance');
 * // 'id,cluster,distance\na,0,0.5\nb,1,1.25\n'
 * ```
 */
export function assignmentsCsv(ids: readonly string[], labels: ArrayLike<number>, values: ArrayLike<number>, valueName: 'distance' | 'probability'): string {
  return resultTableCsv(assignmentsTable(ids, labels, values, valueName));
}
