/** Options of {@link PCA}. */

/**
 * PCA solvers: 'full' (eigen-decomposition of the covariance), 'randomized' (Halko et al., as sklearn's
 * `randomized_svd`), 'auto' (randomized when max(N, D) > 500 and nComponents < 0.8·min(N, D), as sklearn).
 *
 * @example
 * ```ts
 * PCA_SOLVERS; // ['auto', 'full', 'randomized']
 * ```
 */
export const PCA_SOLVERS = Object.freeze(['auto', 'full', 'randomized'] as const);

/** One of {@link PCA_SOLVERS}. */
export type PcaSolver = (typeof PCA_SOLVERS)[number];

/**
 * Options of {@link PCA}.
 *
 * @example
 * ```ts
 * const o: PcaOptions = { nComponents: 50, whiten: true, solver: 'randomized', seed: 0 };
 * ```
 */
export interface PcaOptions {
  /** Components to keep (default min(N, D)). */
  readonly nComponents?: number;
  /** Scale the projections to unit variance (default false). */
  readonly whiten?: boolean;
  /** Default 'auto'. */
  readonly solver?: PcaSolver;
  /** Power iterations of the randomized solver (default 7 if nComponents < 0.1·min(N, D), else 4, as sklearn). */
  readonly powerIterations?: number;
  /** Extra random directions of the randomized solver (default 10, as sklearn). */
  readonly oversamples?: number;
  /** Seed of the randomized solver's Gaussian test matrix (default 0). */
  readonly seed?: number;
}
