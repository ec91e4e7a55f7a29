/**
 * k-means with scikit-learn's algorithm: greedy k-means++ (or random rows, or given centres), Lloyd
 * iterations with sklearn's stopping rules and empty-cluster relocation, nInit runs keeping the lowest
 * inertia. The data are centred before fitting (as sklearn does) for the accuracy of the GEMM form.
 */
import { SeededRandom, throttleProgress } from '@kenobi/core';
import { ClusterError } from '../cluster-error.js';
import { resolveKernel } from '../kernels/resolve-kernel.js';
import { checkCols, checkFinite, toFloat32, type Matrix } from '../matrix.js';
import { centreData } from './centre-data.js';
import { euclideanToCenters, exactInertia } from './exact-distances.js';
import { kmeansPlusPlus } from './kmeans-plusplus.js';
import type { KMeansOptions } from './kmeans-options.js';
import { lloyd } from './lloyd.js';
import { checkK } from './check-k.js';

/** What a fitted k-means holds. */
interface Fitted {
  centers: Float32Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  cols: number;
  kernel: string;
  note: string | undefined;
}

/**
 * k-means clustering.
 *
 * @example
 * ```ts
 * import { KMeans, matrix } from '@kenobi/cluster';
 * const km = await new KMeans({ k: 10, seed: 0 }).fit(matrix(features, 3000, 50));
 * km.labels;     // Int32Array(3000), values 0..9
 * km.centers;    // Float32Array(10 * 50)
 * km.inertia;    // Σ squared distance to the nearest centre
 * await km.predict(matrix(more, 5, 50)); // Int32Array(5)
 * ```
 */
export class KMeans {
  readonly options: KMeansOptions;
  #fit: Fitted | undefined;

  constructor(options: KMeansOptions) {
    this.options = options;
  }

  /** Fits to `x` (N × D); resolves to this estimator. */
  async fit(x: Matrix): Promise<this> {
    if (x.rows === 0 || x.cols === 0) checkFinite(x, 'k-means input');
    const k = this.options.k;
    checkK(k, x.rows, 'k-means');
    const init = this.options.init ?? 'k-means++';
    const nInit = this.options.nInit ?? (init === 'random' ? 10 : 1);
    if (!Number.isInteger(nInit) || nInit < 1) throw new ClusterError('cluster/bad-argument', `nInit must be a positive integer, got ${nInit}`);
    if (typeof init !== 'string' && init.length !== k * x.cols) {
      throw new ClusterError('cluster/shape-mismatch', `initial centres hold ${init.length} values, k × D = ${k} × ${x.cols} = ${k * x.cols}`);
    }
    const xf = toFloat32(x);
    const { kernel, owned, note } = await resolveKernel(this.options.kernel ?? 'auto', x.rows * x.cols * k);
    const progress = throttleProgress(this.options.onProgress);
    const rng = new SeededRandom(this.options.seed ?? 0);
    try {
      // NOTE: the kernel's centring (an ORT graph) replaces four JS passes (finite check, means, centring,
      // row norms: ~400 ms of a 1.5 s fit at 20,000 × 512); the detailed finite check runs only on failure.
      const prepared = kernel.centre ? await kernel.centre(xf.data, x.rows, x.cols) : undefined;
      if (prepared === undefined || !prepared.finite) checkFinite(x, 'k-means input');
      const { centred, mean, meanVariance, rowNorms } = prepared ?? centreData(xf.data, x.rows, x.cols);
      const tol = (this.options.tol ?? 1e-4) * meanVariance;
      const bound = await kernel.bind(centred, x.rows, x.cols, rowNorms);
      let best: Fitted | undefined;
      for (let run = 0; run < nInit; run++) {
        let start: Float32Array;
        if (init === 'k-means++') start = (await kmeansPlusPlus(centred, bound, x.cols, k, rng)).centers;
        else if (init === 'random') start = randomRows(centred, x.rows, x.cols, k, rng);
        else start = Float32Array.from(init, (v, i) => v - mean[i % x.cols]!);
        const r = await lloyd(centred, bound, x.cols, start, k, { maxIter: this.options.maxIter ?? 300, tol, bounds: this.options.bounds === true });
        const inertia = exactInertia(centred, x.cols, r.centers, r.labels);
        if (best === undefined || inertia < best.inertia) {
          best = { centers: r.centers, labels: r.labels, inertia, nIter: r.nIter, cols: x.cols, kernel: kernel.name, note };
        }
        progress({ phase: 'kmeans', done: run + 1, total: nInit, unit: 'runs', detail: `inertia ${inertia.toPrecision(6)}` });
      }
      for (let c = 0; c < k; c++) for (let j = 0; j < x.cols; j++) best!.centers[c * x.cols + j]! += mean[j]!;
      this.#fit = best;
    } finally {
      if (owned) await kernel.dispose();
    }
    return this;
  }

  /** Cluster centres, k × D row-major (original feature space). */
  get centers(): Float32Array { return this.#fitted().centers; }
  /** Label of each training row. */
  get labels(): Int32Array { return this.#fitted().labels; }
  /** Σ squared distance of the training rows to their centres (exact difference form, float64). */
  get inertia(): number { return this.#fitted().inertia; }
  /** Lloyd iterations of the best run. */
  get nIter(): number { return this.#fitted().nIter; }
  /** The kernel that ran ('ts' or 'ort:cpu'), with a note when 'auto' fell back. */
  get kernelUsed(): { name: string; note?: string } {
    const f = this.#fitted();
    return f.note === undefined ? { name: f.kernel } : { name: f.kernel, note: f.note };
  }

  /**
   * Nearest centre for each row of `x`.
   *
   * @example
   * ```ts
   * await km.predict(matrix(new Float32Array(2 * 50), 2, 50)); // Int32Array [3, 3]
   * ```
   */
  async predict(x: Matrix): Promise<Int32Array> {
    const f = this.#fitted();
    checkFinite(x, 'predict input');
    checkCols(x, f.cols, 'predict');
    const d = euclideanToCenters(x.data, x.rows, x.cols, f.centers, this.options.k);
    const labels = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) labels[i] = argmin(d, i * this.options.k, this.options.k);
    return labels;
  }

  /**
   * Euclidean distance of every row to every centre (N × k, row-major), as sklearn's `transform`.
   *
   * @example
   * ```ts
   * const d = await km.transform(x); // Float64Array(N * k)
   * ```
   */
  async transform(x: Matrix): Promise<Float64Array> {
    const f = this.#fitted();
    checkFinite(x, 'transform input');
    checkCols(x, f.cols, 'transform');
    return euclideanToCenters(x.data, x.rows, x.cols, f.centers, this.options.k);
  }

  #fitted(): Fitted {
    if (!this.#fit) throw new ClusterError('cluster/not-fitted', 'this KMeans is not fitted yet; call fit(x) first');
    return this.#fit;
  }
}

function argmin(a: Float64Array, offset: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[offset + j]! < a[offset + best]!) best = j;
  return best;
}

/** k distinct random rows (sklearn's init='random'). */
function randomRows(data: Float32Array, rows: number, cols: number, k: number, rng: SeededRandom): Float32Array {
  const perm = rng.permutation(rows);
  const out = new Float32Array(k * cols);
  for (let c = 0; c < k; c++) out.set(data.subarray(perm[c]! * cols, (perm[c]! + 1) * cols), c * cols);
  return out;
}
