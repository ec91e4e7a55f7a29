/** The elbow (k-means inertia) or BIC (Gaussian mixture) curve of a `--k-range` sweep. */
import { ClusterError } from '../cluster-error.js';
import { clusterPlotFrame, type ClusterPlotSpec } from './plot-spec.js';

/**
 * One k of a sweep: the score plotted (inertia or BIC) and, optionally, the silhouette.
 *
 * @example
 * ```ts
 * const p: KSweepPoint = { k: 4, score: 1234.5, silhouette: 0.31 };
 * ```
 */
export interface KSweepPoint {
  readonly k: number;
  readonly score: number;
  readonly silhouette?: number | null;
}

/**
 * Line plot of the score against k with the chosen k marked; a second panel shows the silhouette when the
 * points carry it.
 *
 * @example
 * ```ts
 * kSweepPlotSpec(points, { score: 'inertia', chosenK: 4 }); // elbow plot
 * kSweepPlotSpec(points, { score: 'BIC', chosenK: 6 });     // BIC plot
 * ```
 */
export function kSweepPlotSpec(points: readonly KSweepPoint[], o: { score: 'inertia' | 'BIC'; chosenK?: number }): ClusterPlotSpec {
  if (points.length === 0) throw new ClusterError('cluster/empty-input', 'k sweep plot: no points');
  const rows = points.map((p) => ({ k: p.k, score: p.score, silhouette: p.silhouette ?? null, chosen: p.k === o.chosenK ? `chosen k = ${p.k}` : 'k' }));
  const x = { field: 'k', type: 'quantitative', title: 'k (clusters)', axis: { tickMinStep: 1 }, scale: { zero: false } };
  const panel = (field: 'score' | 'silhouette', title: string): Record<string, unknown> => ({
    width: 380, height: 300,
    title,
    layer: [
      { mark: { type: 'line', point: true, color: '#1f77b4' }, encoding: { x, y: { field, type: 'quantitative', title, scale: { zero: false } } } },
      {
        transform: [{ filter: `datum.k === ${o.chosenK ?? -1}` }],
        mark: { type: 'point', filled: true, size: 140, color: '#d62728' },
        encoding: { x, y: { field, type: 'quantitative' }, tooltip: { field: 'chosen' } },
      },
    ],
  });
  const panels = [panel('score', o.score === 'BIC' ? 'BIC (lower is better)' : 'inertia (elbow)')];
  if (points.some((p) => typeof p.silhouette === 'number')) panels.push(panel('silhouette', 'silhouette'));
  const title = o.score === 'BIC' ? 'Gaussian mixture BIC against k' : 'k-means elbow';
  return { ...clusterPlotFrame(o.chosenK === undefined ? title : [title, `chosen k = ${o.chosenK}`]), data: { values: rows }, hconcat: panels };
}

/**
 * The elbow of a decreasing curve: the k farthest from the chord between the first and last points (the
 * "kneedle" rule on normalised axes). With fewer than 3 points, the last k.
 *
 * @example
 * ```ts
 * elbowK([{ k: 1, score: 100 }, { k: 2, score: 30 }, { k: 3, score: 25 }, { k: 4, score: 22 }]); // 2
 * ```
 */
export function elbowK(points: readonly KSweepPoint[]): number {
  if (points.length === 0) throw new ClusterError('cluster/empty-input', 'elbow: no points');
  if (points.length < 3) return points[points.length - 1]!.k;
  const first = points[0]!, last = points[points.length - 1]!;
  const dk = last.k - first.k || 1;
  const ds = first.score - last.score || 1;
  let best = first.k, bestGap = -Infinity;
  for (const p of points) {
    const u = (p.k - first.k) / dk;          // 0..1 along k
    const v = (first.score - p.score) / ds;  // 0..1 of the total drop
    if (v - u > bestGap) { bestGap = v - u; best = p.k; }
  }
  return best;
}
