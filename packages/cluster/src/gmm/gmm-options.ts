/** Options of {@link GaussianMixture}, with scikit-learn's defaults. */
import type { ProgressCallback } from '@kenobi/core';

/**
 * Covariance types: 'full' (one D × D matrix per component) or 'diag' (one variance per feature).
 *
 * @example
 * ```ts
 * COVARIANCE_TYPES; // ['full', 'diag']
 * ```
 */
export const COVARIANCE_TYPES = Object.freeze(['full', 'diag'] as const);

/** One of {@link COVARIANCE_TYPES}. */
export type CovarianceType = (typeof COVARIANCE_TYPES)[number];

/**
 * Explicit starting parameters (sklearn's weights_init / means_init / precisions_init). Precisions are
 * inverse covariances: k × D × D for 'full', k × D for 'diag'.
 *
 * @example
 * ```ts
 * const init: GmmInit = { weights: [0.5, 0.5], means: Float64Array.from([0, 0, 5, 5]), precisions: Float64Array.from([1, 0, 0, 1, 1, 0, 0, 1]) };
 * ```
 */
export interface GmmInit {
  readonly weights: ArrayLike<number>;
  readonly means: ArrayLike<number>;
  readonly precisions: ArrayLike<number>;
}

/**
 * Options of {@link GaussianMixture}.
 *
 * @example
 * ```ts
 * const o: GmmOptions = { k: 3, covarianceType: 'diag', regCovar: 1e-6, seed: 0 };
 * ```
 */
export interface GmmOptions {
  /** Number of components. */
  readonly k: number;
  /** Default 'full'. */
  readonly covarianceType?: CovarianceType;
  /** Added to the covariances' diagonals (default 1e-6). */
  readonly regCovar?: number;
  /** Stop when the mean log-likelihood changes by less than this (default 1e-3). */
  readonly tol?: number;
  /** Maximum EM iterations (default 100). */
  readonly maxIter?: number;
  /** Runs from different k-means initialisations; the best lower bound wins (default 1). */
  readonly nInit?: number;
  /** Starting parameters; default: responsibilities from k-means labels (as sklearn's init_params='kmeans'). */
  readonly init?: GmmInit;
  /** Seed of the k-means initialisation (default 0). */
  readonly seed?: number;
  /** Called after each EM iteration (phase 'gmm', unit 'iterations'). */
  readonly onProgress?: ProgressCallback;
}
