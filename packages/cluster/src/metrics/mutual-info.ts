/**
 * Mutual information and normalised mutual information with sklearn's arithmetic normalisation
 * (`normalized_mutual_info_score(average_method='arithmetic')`).
 */
import { contingencyTable, marginals, type Contingency } from './contingency.js';

/**
 * Mutual information (nats) of a contingency table, as sklearn's `mutual_info_score`.
 *
 * @example
 * ```ts
 * mutualInfo(contingencyTable([0, 0, 1, 1], [0, 0, 1, 1])); // ln 2 ≈ 0.693
 * ```
 */
export function mutualInfo(t: Contingency): number {
  const { rows, cols } = marginals(t);
  if (rows.length === 1 || cols.length === 1) return 0;
  const total = t.n;
  let mi = 0;
  t.counts.forEach((r, i) => r.forEach((c, j) => {
    if (c === 0) return;
    const p = c / total;
    let term = p * (Math.log(c) - Math.log(total)) + p * (-Math.log(rows[i]! * cols[j]!) + 2 * Math.log(total));
    if (Math.abs(term) < Number.EPSILON) term = 0;
    mi += term;
  }));
  return Math.max(0, mi);
}

/**
 * Entropy (nats) of a labeling, as sklearn's `entropy` (1 for an empty labeling).
 *
 * @example
 * ```ts
 * labelEntropy([0, 1, 0, 1]); // ln 2
 * ```
 */
export function labelEntropy(labels: ArrayLike<number>): number {
  if (labels.length === 0) return 1;
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  const n = labels.length;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * (Math.log(c) - Math.log(n));
  return h;
}

/**
 * NMI = MI / ((H(true) + H(pred)) / 2); 1 when both labelings have one class.
 *
 * @example
 * ```ts
 * normalizedMutualInfo([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * ```
 */
export function normalizedMutualInfo(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const t = contingencyTable(labelsTrue, labelsPred);
  if ((t.classes.length === 1 && t.clusters.length === 1) || (t.classes.length === 0 && t.clusters.length === 0)) return 1;
  const mi = mutualInfo(t);
  if (mi === 0) return 0;
  const normalizer = (labelEntropy(labelsTrue) + labelEntropy(labelsPred)) / 2;
  return mi / Math.max(normalizer, Number.EPSILON);
}
