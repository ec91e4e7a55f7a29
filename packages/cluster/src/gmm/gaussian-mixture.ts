/**
 * Gaussian mixture fitted by EM with scikit-learn's loop: E-step, M-step, stop when the mean log-likelihood
 * (the lower bound) changes by less than tol, keep the best of nInit runs, and a final E-step so labels
 * agree with the parameters.
 */
import { throttleProgress } from '@kenobi/core';
import { ClusterError } from '../cluster-error.js';
import { KMeans } from '../kmeans/kmeans.js';
import { checkK } from '../kmeans/check-k.js';
import { checkCols, checkFinite, columnVariances, toFloat64, type Matrix } from '../matrix.js';
import type { CovarianceType, GmmOptions } from './gmm-options.js';
import { cholesky } from '../linalg/cholesky.js';
import { logGaussian, mStep, type GaussianParameters } from './gaussian-parameters.js';

interface Fitted extends GaussianParameters {
  cols: number;
  lowerBound: number;
  nIter: number;
  converged: boolean;
}

/**
 * A Gaussian mixture model.
 *
 * @example
 * ```ts
 * const gmm = await new GaussianMixture({ k: 3, covarianceType: 'full', seed: 0 }).fit(x);
 * gmm.predictProba(x);  // Float64Array(N * 3), rows sum to 1
 * gmm.score(x);         // mean log-likelihood per row
 * gmm.bic(x);           // lower is better: pick k with the lowest BIC
 * ```
 */
export class GaussianMixture {
  readonly options: GmmOptions;
  #fit: Fitted | undefined;

  constructor(options: GmmOptions) {
    this.options = options;
  }

  get #type(): CovarianceType { return this.options.covarianceType ?? 'full'; }

  /** Fits to `x` (N × D); resolves to this estimator. */
  async fit(x: Matrix): Promise<this> {
    checkFinite(x, 'Gaussian mixture input');
    const { k } = this.options;
    checkK(k, x.rows, 'Gaussian mixture');
    const xd = toFloat64(x).data;
    const n = x.rows;
    const d = x.cols;
    const reg = this.options.regCovar ?? 1e-6;
    if (reg <= 0) {
      const flat = Array.from(columnVariances(x)).findIndex((v) => v === 0);
      if (flat >= 0) {
        throw new ClusterError('cluster/zero-variance', `Gaussian mixture: feature ${flat} is constant and regCovar is ${reg}, so its covariance is singular`, {
          hint: 'keep regCovar > 0 (default 1e-6) or drop constant features',
          details: { feature: flat },
        });
      }
    }
    const tol = this.options.tol ?? 1e-3;
    const maxIter = this.options.maxIter ?? 100;
    const nInit = this.options.nInit ?? 1;
    const progress = throttleProgress(this.options.onProgress);
    let best: Fitted | undefined;
    for (let run = 0; run < nInit; run++) {
      let params = this.options.init ? this.#fromInit(d) : mStep(xd, n, d, await kmeansResponsibilities(x, k, (this.options.seed ?? 0) + run), k, this.#type, reg);
      let lowerBound = -Infinity;
      let converged = false;
      let iter = 0;
      for (iter = 1; iter <= maxIter; iter++) {
        const prev = lowerBound;
        const { logResp, meanLogProb } = eStep(xd, n, d, params, k, this.#type);
        params = mStep(xd, n, d, Float64Array.from(logResp, Math.exp), k, this.#type, reg);
        lowerBound = meanLogProb;
        progress({ phase: 'gmm', done: iter, total: maxIter, unit: 'iterations', detail: `log-likelihood ${lowerBound.toPrecision(6)}` });
        if (Math.abs(lowerBound - prev) < tol) { converged = true; break; }
      }
      if (best === undefined || lowerBound > best.lowerBound) best = { ...params, cols: d, lowerBound, nIter: Math.min(iter, maxIter), converged };
    }
    this.#fit = best;
    return this;
  }

  /** Mixing weights (k). */
  get weights(): Float64Array { return this.#fitted().weights; }
  /** Means, k × D row-major. */
  get means(): Float64Array { return this.#fitted().means; }
  /** Covariances: k × D × D ('full') or k × D ('diag'). */
  get covariances(): Float64Array { return this.#fitted().covariances; }
  /** The final lower bound (mean log-likelihood of the training rows at the last M-step's input). */
  get lowerBound(): number { return this.#fitted().lowerBound; }
  /** EM iterations of the best run. */
  get nIter(): number { return this.#fitted().nIter; }
  /** Whether the best run met tol before maxIter. */
  get converged(): boolean { return this.#fitted().converged; }

  /**
   * Posterior probability of each component for each row: N × k, rows sum to 1.
   *
   * @example
   * ```ts
   * gmm.predictProba(x).subarray(0, 3); // e.g. Float64Array [0.98, 0.01, 0.01]
   * ```
   */
  predictProba(x: Matrix): Float64Array {
    return Float64Array.from(this.#e(x).logResp, Math.exp);
  }

  /**
   * The most probable component per row.
   *
   * @example
   * ```ts
   * gmm.predict(x); // Int32Array(N)
   * ```
   */
  predict(x: Matrix): Int32Array {
    const { logResp } = this.#e(x);
    const k = this.options.k;
    const out = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let b = 0;
      for (let c = 1; c < k; c++) if (logResp[i * k + c]! > logResp[i * k + b]!) b = c;
      out[i] = b;
    }
    return out;
  }

  /**
   * Per-row log-likelihood log p(x_i).
   *
   * @example
   * ```ts
   * gmm.scoreSamples(x); // Float64Array(N)
   * ```
   */
  scoreSamples(x: Matrix): Float64Array {
    return this.#e(x).logProb;
  }

  /**
   * Mean log-likelihood of the rows.
   *
   * @example
   * ```ts
   * gmm.score(x); // e.g. -3.21
   * ```
   */
  score(x: Matrix): number {
    return this.#e(x).meanLogProb;
  }

  /**
   * Free parameters: k·D(D+1)/2 ('full') or k·D ('diag') covariance terms, k·D means, k − 1 weights.
   *
   * @example
   * ```ts
   * gmm.parameterCount(); // 3 * 3 + 3 * 2 + 2 = 17 for k = 3, D = 2, full
   * ```
   */
  parameterCount(): number {
    const d = this.#fitted().cols;
    const k = this.options.k;
    const cov = this.#type === 'full' ? (k * d * (d + 1)) / 2 : k * d;
    return cov + k * d + k - 1;
  }

  /**
   * Bayesian information criterion −2·N·score + p·ln N (lower is better), as sklearn's `bic`.
   *
   * @example
   * ```ts
   * for (const k of [2, 3, 4]) console.log(k, (await new GaussianMixture({ k }).fit(x)).bic(x));
   * ```
   */
  bic(x: Matrix): number {
    return -2 * this.score(x) * x.rows + this.parameterCount() * Math.log(x.rows);
  }

  /**
   * Akaike information criterion −2·N·score + 2p.
   *
   * @example
   * ```ts
   * gmm.aic(x);
   * ```
   */
  aic(x: Matrix): number {
    return -2 * this.score(x) * x.rows + 2 * this.parameterCount();
  }

  #e(x: Matrix): { logResp: Float64Array; logProb: Float64Array; meanLogProb: number } {
    const f = this.#fitted();
    checkFinite(x, 'Gaussian mixture input');
    checkCols(x, f.cols, 'Gaussian mixture');
    return eStep(toFloat64(x).data, x.rows, x.cols, f, this.options.k, this.#type);
  }

  #fromInit(d: number): GaussianParameters {
    const init = this.options.init!;
    const k = this.options.k;
    const full = this.#type === 'full';
    const need = full ? k * d * d : k * d;
    if (init.weights.length !== k || init.means.length !== k * d || init.precisions.length !== need) {
      throw new ClusterError('cluster/shape-mismatch', `GMM init: expected ${k} weights, ${k * d} mean values and ${need} precision values`);
    }
    const precisions = Float64Array.from(init.precisions);
    let precisionsCholesky: Float64Array;
    if (full) {
      precisionsCholesky = new Float64Array(k * d * d);
      for (let c = 0; c < k; c++) precisionsCholesky.set(cholesky(precisions.subarray(c * d * d, (c + 1) * d * d), d), c * d * d);
    } else {
      precisionsCholesky = precisions.map(Math.sqrt);
    }
    return { weights: Float64Array.from(init.weights), means: Float64Array.from(init.means), covariances: new Float64Array(0), precisionsCholesky };
  }

  #fitted(): Fitted {
    if (!this.#fit) throw new ClusterError('cluster/not-fitted', 'this GaussianMixture is not fitted yet; call fit(x) first');
    return this.#fit;
  }
}

/** E-step: log responsibilities, per-row log-likelihood and its mean. */
function eStep(x: Float64Array, n: number, d: number, p: GaussianParameters, k: number, type: CovarianceType): { logResp: Float64Array; logProb: Float64Array; meanLogProb: number } {
  const wlp = logGaussian(x, n, d, p.means, p.precisionsCholesky, k, type);
  const logW = p.weights.map(Math.log);
  const logProb = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = wlp[i * k + c]! + logW[c]!;
      wlp[i * k + c] = v;
      if (v > m) m = v;
    }
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(wlp[i * k + c]! - m);
    const lse = m + Math.log(s);
    logProb[i] = lse;
    total += lse;
    for (let c = 0; c < k; c++) wlp[i * k + c]! -= lse;
  }
  return { logResp: wlp, logProb, meanLogProb: total / n };
}

/** One-hot responsibilities from k-means labels (sklearn's init_params='kmeans'). */
async function kmeansResponsibilities(x: Matrix, k: number, seed: number): Promise<Float64Array> {
  const km = await new KMeans({ k, seed, kernel: 'ts' }).fit(x);
  const resp = new Float64Array(x.rows * k);
  km.labels.forEach((l, i) => { resp[i * k + l] = 1; });
  return resp;
}
