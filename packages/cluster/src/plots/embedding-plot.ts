/** The 2-D embedding scatter of `kenobi cluster`: one panel coloured by cluster, one by label when known. */
import { ClusterError } from '../cluster-error.js';
import type { Matrix } from '../matrix.js';
import { clusterPlotFrame, type ClusterPlotSpec } from './plot-spec.js';

/**
 * One colouring of the points: a legend title and one category per row.
 *
 * @example
 * ```ts
 * const c: PointColouring = { title: 'cluster', values: km.labels };
 * ```
 */
export interface PointColouring {
  readonly title: string;
  readonly values: ArrayLike<number | string>;
  /** Display names for numeric values (e.g. class names); -1 shows as 'none'. */
  readonly names?: readonly string[];
}

/**
 * Scatter of an N × 2 embedding, one panel per colouring (side by side). At most `maxPoints` rows are drawn
 * (default 20,000, an even stride over the rows) so the SVG stays small; the title says when it thinned.
 *
 * @example
 * ```ts
 * const spec = embeddingPlotSpec(pcaXY, [{ title: 'cluster', values: km.labels }, { title: 'label', values: truth, names: classNames }], { method: 'PCA' });
 * ```
 */
export function embeddingPlotSpec(
  xy: Matrix,
  colourings: readonly PointColouring[],
  o: { method?: string; maxPoints?: number } = {},
): ClusterPlotSpec {
  if (xy.cols < 2) throw new ClusterError('cluster/shape-mismatch', `embedding plot: need 2 columns, got ${xy.cols}`);
  for (const c of colourings) {
    if (c.values.length !== xy.rows) throw new ClusterError('cluster/shape-mismatch', `embedding plot: ${c.values.length} ${c.title} values for ${xy.rows} points`);
  }
  const max = o.maxPoints ?? 20_000;
  const stride = Math.max(1, Math.ceil(xy.rows / max));
  const method = o.method ?? 'embedding';
  const rows: Record<string, number | string>[] = [];
  for (let i = 0; i < xy.rows; i += stride) {
    const r: Record<string, number | string> = { x: xy.data[i * xy.cols]!, y: xy.data[i * xy.cols + 1]! };
    colourings.forEach((c, j) => { r[`c${j}`] = category(c, i); });
    rows.push(r);
  }
  const shown = stride > 1 ? `, every ${stride}th of ${xy.rows} points` : `, ${xy.rows} points`;
  const panels = colourings.map((c, j) => ({
    width: 380, height: 340,
    title: `by ${c.title}`,
    mark: { type: 'circle', size: 14, opacity: 0.75 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: `${method} 1`, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: `${method} 2`, scale: { zero: false } },
      color: { field: `c${j}`, type: 'nominal', title: c.title, scale: { scheme: 'tableau20' }, sort: order(c) },
    },
  }));
  return {
    ...clusterPlotFrame(`${method} embedding${shown}`),
    data: { values: rows },
    hconcat: panels,
    resolve: { scale: { color: 'independent' } },
  };
}

function category(c: PointColouring, i: number): string {
  const v = c.values[i]!;
  if (typeof v === 'string') return v;
  if (v < 0) return c.names ? 'none' : 'noise';
  return c.names?.[v] ?? String(v);
}

function order(c: PointColouring): string[] | null {
  if (c.names) return [...c.names, 'none'];
  const nums = new Set<number>();
  for (let i = 0; i < c.values.length; i++) if (typeof c.values[i] === 'number') nums.add(c.values[i] as number);
  if (nums.size === 0) return null;
  return [...nums].sort((a, b) => a - b).map((v) => (v < 0 ? 'noise' : String(v)));
}
