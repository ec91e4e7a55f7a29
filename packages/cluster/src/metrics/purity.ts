/** Cluster purity against labels. */
import { contingencyTable } from './contingency.js';

/**
 * Purity: the share of samples that carry their cluster's most common true label (1 is perfect; it rises
 * with the number of clusters, so compare at equal k).
 *
 * @example
 * ```ts
 * purity([0, 0, 1, 1], [0, 0, 0, 1]); // 0.75
 * ```
 */
export function purity(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const t = contingencyTable(labelsTrue, labelsPred);
  if (t.n === 0) return 1;
  let s = 0;
  for (let j = 0; j < t.clusters.length; j++) s += Math.max(...t.counts.map((r) => r[j]!));
  return s / t.n;
}
