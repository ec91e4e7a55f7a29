/**
 * The M-step and the log-densities of a Gaussian mixture, as sklearn's `_estimate_gaussian_parameters`,
 * `_compute_precision_cholesky` and `_estimate_log_gaussian_prob`.
 */
import { ClusterError } from '../cluster-error.js';
import { cholesky, invertLower } from '../linalg/cholesky.js';
import type { CovarianceType } from './gmm-options.js';

/**
 * Mixture parameters. precisionsCholesky: per component the upper-triangular P with precision = P·Pᵀ
 * (k × D × D, 'full') or 1/σ (k × D, 'diag').
 *
 * @example
 * ```ts
 * const p: GaussianParameters = mStep(x, n, d, resp, 3, 'diag', 1e-6);
 * p.weights; // Float64Array(3), sums to 1
 * ```
 */
export interface GaussianParameters {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
  readonly precisionsCholesky: Float64Array;
}

/**
 * Weights, means and covariances from responsibilities (n × k), then their precision Cholesky factors.
 *
 * @example
 * ```ts
 * mStep(x, 100, 2, resp, 3, 'full', 1e-6).covariances.length; // 3 * 2 * 2
 * ```
 */
export function mStep(x: Float64Array, n: number, d: number, resp: Float64Array, k: number, type: CovarianceType, reg: number): GaussianParameters {
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) nk[c]! += resp[i * k + c]!;
  for (let c = 0; c < k; c++) nk[c]! += 10 * Number.EPSILON;
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    const r = resp[i * k + c]!;
    if (r === 0) continue;
    for (let j = 0; j < d; j++) means[c * d + j]! += r * x[i * d + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j]! /= nk[c]!;
  const covariances = type === 'full' ? fullCovariances(x, n, d, resp, k, nk, means, reg) : diagCovariances(x, n, d, resp, k, nk, means, reg);
  const weights = nk.map((v) => v / n);
  return { weights, means, covariances, precisionsCholesky: precisionCholesky(covariances, k, d, type) };
}

function fullCovariances(x: Float64Array, n: number, d: number, resp: Float64Array, k: number, nk: Float64Array, means: Float64Array, reg: number): Float64Array {
  const cov = new Float64Array(k * d * d);
  const diff = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    const o = c * d * d;
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c]!;
      if (r === 0) continue;
      for (let j = 0; j < d; j++) diff[j] = x[i * d + j]! - means[c * d + j]!;
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a]!;
        for (let b = 0; b <= a; b++) cov[o + a * d + b]! += ra * diff[b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) {
      const v = cov[o + a * d + b]! / nk[c]!;
      cov[o + a * d + b] = v;
      cov[o + b * d + a] = v;
    }
    for (let a = 0; a < d; a++) cov[o + a * d + a]! += reg;
  }
  return cov;
}

function diagCovariances(x: Float64Array, n: number, d: number, resp: Float64Array, k: number, nk: Float64Array, means: Float64Array, reg: number): Float64Array {
  const avgX2 = new Float64Array(k * d);
  const avgX = new Float64Array(k * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    const r = resp[i * k + c]!;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      avgX2[c * d + j]! += r * v * v;
      avgX[c * d + j]! += r * v;
    }
  }
  const cov = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) {
    const m = means[c * d + j]!;
    cov[c * d + j] = avgX2[c * d + j]! / nk[c]! - 2 * m * (avgX[c * d + j]! / nk[c]!) + m * m + reg;
  }
  return cov;
}

/**
 * sklearn's `_compute_precision_cholesky`: for 'full', (L⁻¹)ᵀ where covariance = L·Lᵀ; for 'diag', 1/√σ².
 *
 * @example
 * ```ts
 * precisionCholesky(Float64Array.from([4]), 1, 1, 'diag'); // Float64Array [0.5]
 * ```
 */
export function precisionCholesky(cov: Float64Array, k: number, d: number, type: CovarianceType): Float64Array {
  if (type === 'diag') {
    return cov.map((v) => {
      if (!(v > 0)) throw invertError();
      return 1 / Math.sqrt(v);
    });
  }
  const out = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    const inv = invertLower(cholesky(cov.subarray(c * d * d, (c + 1) * d * d), d), d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[c * d * d + a * d + b] = inv[b * d + a]!;
  }
  return out;
}

function invertError(): ClusterError {
  return new ClusterError('cluster/not-positive-definite', 'a diagonal covariance has a variance ≤ 0', { hint: 'raise regCovar or drop constant features' });
}

/**
 * log N(x_i | μ_c, Σ_c) for every row and component: n × k.
 *
 * @example
 * ```ts
 * logGaussian(x, n, d, params.means, params.precisionsCholesky, k, 'full'); // Float64Array(n * k)
 * ```
 */
export function logGaussian(x: Float64Array, n: number, d: number, means: Float64Array, precChol: Float64Array, k: number, type: CovarianceType): Float64Array {
  const out = new Float64Array(n * k);
  const log2pi = d * Math.log(2 * Math.PI);
  const y = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    let logDet = 0;
    if (type === 'full') for (let j = 0; j < d; j++) logDet += Math.log(precChol[c * d * d + j * d + j]!);
    else for (let j = 0; j < d; j++) logDet += Math.log(precChol[c * d + j]!);
    for (let i = 0; i < n; i++) {
      let q = 0;
      if (type === 'full') {
        const o = c * d * d;
        y.fill(0);
        for (let a = 0; a < d; a++) {
          const diff = x[i * d + a]! - means[c * d + a]!;
          for (let b = 0; b < d; b++) y[b]! += diff * precChol[o + a * d + b]!;
        }
        for (let b = 0; b < d; b++) q += y[b]! * y[b]!;
      } else {
        for (let j = 0; j < d; j++) {
          const t = (x[i * d + j]! - means[c * d + j]!) * precChol[c * d + j]!;
          q += t * t;
        }
      }
      out[i * k + c] = -0.5 * (log2pi + q) + logDet;
    }
  }
  return out;
}
