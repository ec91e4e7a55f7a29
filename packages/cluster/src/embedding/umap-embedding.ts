/**
 * 2-D (or n-D) UMAP embeddings through umap-js, seeded with a SeededRandom so a seed gives the same map.
 * NOTE: umap-js (PAIR-code) is the maintained JavaScript UMAP; it runs in Node and browsers.
 */
import { SeededRandom } from '@kenobi/core';
import { UMAP } from 'umap-js';
import { ClusterError } from '../cluster-error.js';
import { checkFinite, type Matrix } from '../matrix.js';

/**
 * Options of {@link umapEmbedding} (umap-js defaults otherwise).
 *
 * @example
 * ```ts
 * const o: UmapOptions = { nComponents: 2, nNeighbors: 15, minDist: 0.1, seed: 0 };
 * ```
 */
export interface UmapOptions {
  readonly nComponents?: number;
  readonly nNeighbors?: number;
  readonly minDist?: number;
  readonly spread?: number;
  /** Optimisation epochs (default: umap-js's choice, 500 for small data, 200 for large). */
  readonly nEpochs?: number;
  readonly seed?: number;
}

/**
 * Embeds the rows of `x`: an N × nComponents float64 matrix.
 *
 * @example
 * ```ts
 * const y = umapEmbedding(pcaFeatures, { seed: 0 }); // Matrix N × 2
 * ```
 */
export function umapEmbedding(x: Matrix, o: UmapOptions = {}): Matrix<Float64Array> {
  checkFinite(x, 'UMAP input');
  const nNeighbors = o.nNeighbors ?? 15;
  if (x.rows <= nNeighbors) {
    throw new ClusterError('cluster/bad-argument', `UMAP: nNeighbors (${nNeighbors}) must be smaller than the number of rows (${x.rows})`);
  }
  const rng = new SeededRandom(o.seed ?? 0);
  const umap = new UMAP({
    nComponents: o.nComponents ?? 2,
    nNeighbors,
    minDist: o.minDist ?? 0.1,
    spread: o.spread ?? 1,
    ...(o.nEpochs === undefined ? {} : { nEpochs: o.nEpochs }),
    random: () => rng.uniform(),
  });
  const rows = Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
  const out = umap.fit(rows);
  const k = out[0]?.length ?? 0;
  const data = new Float64Array(x.rows * k);
  out.forEach((r, i) => data.set(r, i * k));
  return { data, rows: x.rows, cols: k };
}
