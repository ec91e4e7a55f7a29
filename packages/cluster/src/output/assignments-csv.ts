/** The assignments CSV of `kenobi cluster`: one line per row with its id, cluster and distance or probability. */
import { ClusterError } from '../cluster-error.js';

/**
 * Writes `id,cluster,<valueName>` lines (RFC 4180 quoting of ids; values with 6 significant digits).
 *
 * @example
 * ```ts
 * assignmentsCsv(['a', 'b'], Int32Array.from([0, 1]), Float64Array.from([0.5, 1.25]), 'distance');
 * // 'id,cluster,distance\na,0,0.5\nb,1,1.25\n'
 * ```
 */
export function assignmentsCsv(ids: readonly string[], labels: ArrayLike<number>, values: ArrayLike<number>, valueName: 'distance' | 'probability'): string {
  if (ids.length !== labels.length || values.length !== labels.length) {
    throw new ClusterError('cluster/shape-mismatch', `assignments: ${ids.length} ids, ${labels.length} labels, ${values.length} values`);
  }
  const lines = [`id,cluster,${valueName}`];
  for (let i = 0; i < ids.length; i++) lines.push(`${csvField(ids[i]!)},${labels[i]},${Number(values[i]!.toPrecision(6))}`);
  return lines.join('\n') + '\n';
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
