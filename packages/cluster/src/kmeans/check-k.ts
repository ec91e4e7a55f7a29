import { ClusterError } from '../cluster-error.js';

/**
 * Throws `cluster/bad-argument` unless k is a positive integer, and `cluster/k-too-large` when k > rows.
 *
 * @example
 * ```ts
 * checkK(10, 5, 'k-means'); // throws cluster/k-too-large: k-means: k = 10 clusters need at least 10 rows, got 5
 * ```
 */
export function checkK(k: number, rows: number, what: string): void {
  if (!Number.isInteger(k) || k < 1) throw new ClusterError('cluster/bad-argument', `${what}: k must be a positive integer, got ${k}`);
  if (k > rows) {
    throw new ClusterError('cluster/k-too-large', `${what}: k = ${k} clusters need at least ${k} rows, got ${rows}`, {
      hint: 'lower k or add rows',
      details: { k, rows },
    });
  }
}
