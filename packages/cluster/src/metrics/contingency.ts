/**
 * The contingency table between true classes and predicted clusters (rows: sorted distinct true labels,
 * columns: sorted distinct predicted labels), as sklearn's `contingency_matrix`.
 */
import { ClusterError } from '../cluster-error.js';

/**
 * A contingency table.
 *
 * @example
 * ```ts
 * const t: Contingency = contingencyTable([0, 0, 1], [1, 1, 0]);
 * t.counts; // [[0, 2], [1, 0]]
 * ```
 */
export interface Contingency {
  /** Distinct true labels, ascending (the rows). */
  readonly classes: readonly number[];
  /** Distinct predicted labels, ascending (the columns). */
  readonly clusters: readonly number[];
  /** counts[i][j]: rows with true label classes[i] and predicted label clusters[j]. */
  readonly counts: readonly (readonly number[])[];
  /** Number of samples. */
  readonly n: number;
}

/**
 * Builds the contingency table of two labelings of the same samples.
 *
 * @example
 * ```ts
 * contingencyTable([0, 0, 1, 1], [0, 1, 1, 1]).counts; // [[1, 1], [0, 2]]
 * ```
 */
export function contingencyTable(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): Contingency {
  if (labelsTrue.length !== labelsPred.length) {
    throw new ClusterError('cluster/shape-mismatch', `labelings differ in length: ${labelsTrue.length} true, ${labelsPred.length} predicted`);
  }
  const classes = distinctSorted(labelsTrue);
  const clusters = distinctSorted(labelsPred);
  const ci = new Map(classes.map((c, i) => [c, i]));
  const ki = new Map(clusters.map((c, i) => [c, i]));
  const counts = classes.map(() => new Array<number>(clusters.length).fill(0));
  for (let i = 0; i < labelsTrue.length; i++) counts[ci.get(labelsTrue[i]!)!]![ki.get(labelsPred[i]!)!]! += 1;
  return { classes, clusters, counts, n: labelsTrue.length };
}

function distinctSorted(a: ArrayLike<number>): number[] {
  return [...new Set(Array.from(a))].sort((x, y) => x - y);
}

/**
 * Row sums (class sizes) and column sums (cluster sizes) of a table.
 *
 * @example
 * ```ts
 * marginals(contingencyTable([0, 0, 1], [0, 1, 1])); // { rows: [2, 1], cols: [1, 2] }
 * ```
 */
export function marginals(t: Contingency): { rows: number[]; cols: number[] } {
  const rows = t.counts.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = t.clusters.map((_, j) => t.counts.reduce((a, r) => a + r[j]!, 0));
  return { rows, cols };
}
