/**
 * `--k-range`: fits every k of the range, scores it (k-means inertia or mixture BIC, plus the silhouette),
 * and picks k: the lowest BIC for a mixture, the elbow of the inertia curve for k-means.
 */
import { elbowK, type KSweepPoint, type Matrix } from '@kenobi/cluster';
import type { ProgressCallback } from '@kenobi/core';
import type { ClusterConfig } from './cluster-config.js';
import { fitClustering, sweepSilhouette, type ClusterFit } from './fit-clustering.js';

/**
 * The sweep's points, the chosen k and its fit.
 *
 * @example
 * ```ts
 * const s: KSweep = { points: [{ k: 2, score: 10 }], score: 'inertia', chosenK: 2, fit };
 * ```
 */
export interface KSweep {
  readonly points: readonly KSweepPoint[];
  readonly score: 'inertia' | 'BIC';
  readonly chosenK: number;
  readonly fit: ClusterFit;
}

/**
 * Runs the sweep over `config.ks` (k above the row count is skipped).
 *
 * @example
 * ```ts
 * const sweep = await kSweep(x, { ...config, ks: [2, 3, 4, 5] });
 * sweep.chosenK; // e.g. 3
 * ```
 */
export async function kSweep(
  x: Matrix,
  config: ClusterConfig,
  o: { chunks?: () => AsyncIterable<Matrix>; onProgress?: ProgressCallback } = {},
): Promise<KSweep> {
  const score = config.method === 'gmm' ? 'BIC' : 'inertia';
  const ks = config.ks.filter((k) => k <= x.rows);
  const fits = new Map<number, ClusterFit>();
  const points: KSweepPoint[] = [];
  for (const [i, k] of ks.entries()) {
    const fit = await fitClustering(x, k, config, o.chunks ? { chunks: o.chunks } : {});
    fits.set(k, fit);
    points.push({ k, score: score === 'BIC' ? fit.bic! : fit.inertia!, silhouette: sweepSilhouette(x, fit.labels, k, config.seed) });
    o.onProgress?.({ phase: 'k sweep', done: i + 1, total: ks.length, unit: 'k', detail: `k = ${k}` });
  }
  const chosenK = score === 'BIC' ? points.reduce((a, b) => (b.score < a.score ? b : a)).k : elbowK(points);
  return { points, score, chosenK, fit: fits.get(chosenK)! };
}
