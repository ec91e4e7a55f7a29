/**
 * Principal component analysis with scikit-learn's conventions: centred data, explained variance with
 * ddof = 1, components' signs fixed as `svd_flip(u_based_decision=True)` (the largest-|u| entry of each
 * score column is positive), optional whitening.
 */
import { SeededRandom } from '@kenobi/core';
import { ClusterError } from '../cluster-error.js';
import { multiply, multiplyTransposedA, orthonormalizeColumns } from '../linalg/dense-products.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { checkCols, checkFinite, columnMeans, toFloat64, type Matrix } from '../matrix.js';
import type { PcaOptions } from './pca-options.js';

interface Fitted {
  mean: Float64Array;
  components: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  nComponents: number;
  cols: number;
  solver: 'full' | 'randomized';
}

/**
 * PCA.
 *
 * @example
 * ```ts
 * const pca = new PCA({ nComponents: 2 }).fit(x);   // x: N × 50
 * pca.explainedVarianceRatio;                        // Float64Array [0.41, 0.22]
 * const y = pca.transform(x);                        // Matrix N × 2 (float64)
 * ```
 */
export class PCA {
  readonly options: PcaOptions;
  #fit: Fitted | undefined;

  constructor(options: PcaOptions = {}) {
    this.options = options;
  }

  /** Fits to `x` (N × D) and returns this estimator. */
  fit(x: Matrix): this {
    checkFinite(x, 'PCA input');
    const n = x.rows;
    const d = x.cols;
    const k = this.options.nComponents ?? Math.min(n, d);
    if (!Number.isInteger(k) || k < 1 || k > Math.min(n, d)) {
      throw new ClusterError('cluster/bad-argument', `PCA: nComponents must be an integer from 1 to min(N, D) = ${Math.min(n, d)}, got ${k}`);
    }
    if (n < 2) throw new ClusterError('cluster/empty-input', 'PCA needs at least 2 rows');
    const mean = columnMeans(x);
    const xc = toFloat64(x).data.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xc[i * d + j]! -= mean[j]!;
    let totalVar = 0;
    for (let i = 0; i < xc.length; i++) totalVar += xc[i]! * xc[i]!;
    totalVar /= n - 1;
    const solver = this.options.solver ?? 'auto';
    const useRandomized = solver === 'randomized' || (solver === 'auto' && Math.max(n, d) > 500 && k < 0.8 * Math.min(n, d));
    const { components, variances } = useRandomized ? this.#randomized(xc, n, d, k) : full(xc, n, d, k);
    flipSigns(xc, n, d, components, k);
    this.#fit = {
      mean,
      components,
      explainedVariance: variances,
      explainedVarianceRatio: variances.map((v) => (totalVar > 0 ? v / totalVar : 0)),
      nComponents: k,
      cols: d,
      solver: useRandomized ? 'randomized' : 'full',
    };
    return this;
  }

  /** Principal axes, nComponents × D row-major (unit vectors, descending variance). */
  get components(): Float64Array { return this.#fitted().components; }
  /** Variance along each component (ddof = 1). */
  get explainedVariance(): Float64Array { return this.#fitted().explainedVariance; }
  /** explainedVariance / total variance. */
  get explainedVarianceRatio(): Float64Array { return this.#fitted().explainedVarianceRatio; }
  /** Per-feature means subtracted before projecting. */
  get mean(): Float64Array { return this.#fitted().mean; }
  /** The solver that ran. */
  get solver(): 'full' | 'randomized' { return this.#fitted().solver; }

  /**
   * Projects rows onto the components (whitened when the option is set): N × nComponents, float64.
   *
   * @example
   * ```ts
   * pca.transform(x).cols; // nComponents
   * ```
   */
  transform(x: Matrix): Matrix<Float64Array> {
    const f = this.#fitted();
    checkFinite(x, 'PCA transform input');
    checkCols(x, f.cols, 'PCA transform');
    const d = f.cols;
    const k = f.nComponents;
    const xc = toFloat64(x).data.slice();
    for (let i = 0; i < x.rows; i++) for (let j = 0; j < d; j++) xc[i * d + j]! -= f.mean[j]!;
    const compT = new Float64Array(d * k);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) compT[j * k + c] = f.components[c * d + j]!;
    const out = multiply(xc, x.rows, d, compT, k);
    if (this.options.whiten) {
      for (let c = 0; c < k; c++) {
        const v = f.explainedVariance[c]!;
        if (!(v > 0)) {
          throw new ClusterError('cluster/zero-variance', `PCA whitening: component ${c} has zero variance, it cannot be scaled to unit variance`, {
            hint: 'lower nComponents or drop constant features',
          });
        }
      }
      for (let i = 0; i < x.rows; i++) for (let c = 0; c < k; c++) out[i * k + c]! /= Math.sqrt(f.explainedVariance[c]!);
    }
    return { data: out, rows: x.rows, cols: k };
  }

  /**
   * Fits and projects in one call.
   *
   * @example
   * ```ts
   * const y = new PCA({ nComponents: 50 }).fitTransform(features); // N × 50
   * ```
   */
  fitTransform(x: Matrix): Matrix<Float64Array> {
    return this.fit(x).transform(x);
  }

  #randomized(xc: Float64Array, n: number, d: number, k: number): { components: Float64Array; variances: Float64Array } {
    const l = Math.min(k + (this.options.oversamples ?? 10), Math.min(n, d));
    const iters = this.options.powerIterations ?? (k < 0.1 * Math.min(n, d) ? 7 : 4);
    const rng = new SeededRandom(this.options.seed ?? 0);
    const omega = Float64Array.from({ length: d * l }, () => rng.normal());
    let q = multiply(xc, n, d, omega, l);
    orthonormalizeColumns(q, n, l);
    for (let it = 0; it < iters; it++) {
      const z = multiplyTransposedA(xc, n, d, q, l); // d × l
      orthonormalizeColumns(z, d, l);
      q = multiply(xc, n, d, z, l);
      orthonormalizeColumns(q, n, l);
    }
    const b = multiplyTransposedA(q, n, l, xc, d); // l × d
    const bbt = new Float64Array(l * l);
    for (let i = 0; i < l; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = 0; m < d; m++) s += b[i * d + m]! * b[j * d + m]!;
      bbt[i * l + j] = s;
      bbt[j * l + i] = s;
    }
    const { values, vectors } = symmetricEigen(bbt, l);
    const components = new Float64Array(k * d);
    const variances = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const s = Math.sqrt(Math.max(values[c]!, 0));
      variances[c] = (s * s) / (n - 1);
      for (let i = 0; i < l; i++) {
        const u = vectors[c * l + i]!;
        for (let m = 0; m < d; m++) components[c * d + m]! += (u * b[i * d + m]!) / (s || 1);
      }
    }
    return { components, variances };
  }

  #fitted(): Fitted {
    if (!this.#fit) throw new ClusterError('cluster/not-fitted', 'this PCA is not fitted yet; call fit(x) first');
    return this.#fit;
  }
}

/** Exact: eigen-decomposition of the D × D covariance. */
function full(xc: Float64Array, n: number, d: number, k: number): { components: Float64Array; variances: Float64Array } {
  const cov = multiplyTransposedA(xc, n, d, xc, d);
  for (let i = 0; i < cov.length; i++) cov[i]! /= n - 1;
  const { values, vectors } = symmetricEigen(cov, d);
  return { components: vectors.slice(0, k * d), variances: values.slice(0, k).map((v) => Math.max(v, 0)) };
}

/** sklearn's svd_flip(u_based_decision=True): the largest-|score| entry of each component is positive. */
function flipSigns(xc: Float64Array, n: number, d: number, components: Float64Array, k: number): void {
  for (let c = 0; c < k; c++) {
    let best = 0;
    let bestAbs = -1;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let j = 0; j < d; j++) u += xc[i * d + j]! * components[c * d + j]!;
      if (Math.abs(u) > bestAbs) { bestAbs = Math.abs(u); best = u; }
    }
    if (best < 0) for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j]!;
  }
}
