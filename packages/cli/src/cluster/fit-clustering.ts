/**
 * Fits one clustering of `kenobi cluster` (k-means, mini-batch k-means, Gaussian mixture or DBSCAN) and
 * returns what the outputs need: labels, centres in the clustering space, and per row the distance to its
 * centre (or, for a mixture, the probability of its component).
 */
import { dbscan, euclideanToCenters, GaussianMixture, KMeans, MiniBatchKMeans, silhouetteScore, type Matrix } from '@kenobi/cluster';
import type { ProgressCallback } from '@kenobi/core';
import type { ClusterConfig } from './cluster-config.js';

/**
 * One fitted clustering.
 *
 * @example
 * ```ts
 * const f: ClusterFit = await fitClustering(x, 10, config);
 * f.labels; f.centers; // Int32Array(N), Float32Array(k * D)
 * ```
 */
export interface ClusterFit {
  readonly k: number;
  readonly labels: Int32Array;
  /** k × D, row-major, in the clustering space (PCA space with --pca). */
  readonly centers: Float32Array;
  readonly values: Float64Array;
  readonly valueName: 'distance' | 'probability';
  readonly inertia?: number;
  readonly bic?: number;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Fits `config.method` with `k` clusters (ignored by DBSCAN). `chunks` streams the rows for mini-batch
 * k-means (one epoch per call); default: the rows of `x` in blocks of 4,096.
 *
 * @example
 * ```ts
 * const fit = await fitClustering(x, 4, { ...config, method: 'gmm' });
 * fit.valueName; // 'probability'
 * ```
 */
export async function fitClustering(
  x: Matrix,
  k: number,
  config: ClusterConfig,
  o: { chunks?: () => AsyncIterable<Matrix>; onProgress?: ProgressCallback } = {},
): Promise<ClusterFit> {
  switch (config.method) {
    case 'kmeans': {
      const km = await new KMeans({ k, seed: config.seed, nInit: config.nInit, ...(o.onProgress ? { onProgress: o.onProgress } : {}) }).fit(x);
      return { k, labels: km.labels, centers: km.centers, values: ownDistances(x, km.labels, km.centers, k), valueName: 'distance', inertia: km.inertia, details: { nIter: km.nIter, kernel: km.kernelUsed.name } };
    }
    case 'minibatch': {
      // NOTE: 'auto' = the ORT kernel when it opens (4× the rows/s of the TypeScript one on 128-d batches,
      // docs/benchmarks/cluster.md), TypeScript otherwise.
      const mb = new MiniBatchKMeans({ k, seed: config.seed, kernel: 'auto' });
      let labels: Int32Array;
      try {
        await mb.fitStream(o.chunks ?? (() => blocks(x, 4096)), { epochs: 3 });
        labels = await mb.predict(x);
      } finally {
        await mb.dispose();
      }
      const values = ownDistances(x, labels, mb.centers, k);
      let inertia = 0;
      for (const d of values) inertia += d * d;
      return { k, labels, centers: mb.centers, values, valueName: 'distance', inertia, details: { steps: mb.steps, rowsSeen: mb.rowsSeen } };
    }
    case 'gmm': {
      const covarianceType = config.covariance ?? (x.cols <= 50 ? 'full' : 'diag');
      const gm = await new GaussianMixture({ k, covarianceType, seed: config.seed, nInit: config.nInit }).fit(x);
      const proba = gm.predictProba(x);
      const labels = new Int32Array(x.rows);
      const values = new Float64Array(x.rows);
      for (let i = 0; i < x.rows; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
        labels[i] = best;
        values[i] = proba[i * k + best]!;
      }
      return { k, labels, centers: Float32Array.from(gm.means), values, valueName: 'probability', bic: gm.bic(x), details: { covarianceType, converged: gm.converged, nIter: gm.nIter, lowerBound: gm.lowerBound } };
    }
    case 'dbscan': {
      const r = dbscan(x, { eps: config.eps!, minSamples: config.minSamples });
      const centers = memberMeans(x, r.labels, r.nClusters);
      const values = r.nClusters > 0 ? ownDistances(x, r.labels, centers, r.nClusters) : new Float64Array(x.rows).fill(NaN);
      let noise = 0;
      for (const l of r.labels) if (l < 0) noise++;
      return { k: r.nClusters, labels: r.labels, centers, values, valueName: 'distance', details: { eps: config.eps, minSamples: config.minSamples, noise, core: r.core.reduce((a, b) => a + b, 0) } };
    }
  }
}

/**
 * The silhouette of a fit for a k sweep (sampled to 2,000 rows above that), or null when undefined.
 *
 * @example
 * ```ts
 * sweepSilhouette(x, fit.labels, fit.k, 0); // 0.27
 * ```
 */
export function sweepSilhouette(x: Matrix, labels: Int32Array, k: number, seed: number): number | null {
  if (k < 2 || k > x.rows - 1) return null;
  return silhouetteScore(x, labels, x.rows > 2000 ? { sampleSize: 2000, seed } : {});
}

async function* blocks(x: Matrix, size: number): AsyncGenerator<Matrix> {
  for (let s = 0; s < x.rows; s += size) {
    const n = Math.min(size, x.rows - s);
    yield { data: x.data.subarray(s * x.cols, (s + n) * x.cols), rows: n, cols: x.cols };
  }
}

/** Distance of each row to its own centre; rows labelled -1 (noise) get the distance to the nearest. */
function ownDistances(x: Matrix, labels: Int32Array, centers: Float32Array, k: number): Float64Array {
  const all = euclideanToCenters(x.data, x.rows, x.cols, centers, k);
  return Float64Array.from(labels, (l, i) => {
    if (l >= 0) return all[i * k + l]!;
    let m = Infinity;
    for (let c = 0; c < k; c++) m = Math.min(m, all[i * k + c]!);
    return m;
  });
}

function memberMeans(x: Matrix, labels: Int32Array, k: number): Float32Array {
  const sums = new Float64Array(k * x.cols);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    counts[l]!++;
    for (let j = 0; j < x.cols; j++) sums[l * x.cols + j]! += x.data[i * x.cols + j]!;
  }
  return Float32Array.from(sums, (s, i) => s / Math.max(1, counts[Math.floor(i / x.cols)]!));
}
