/** The options of {@link KMeans}, with scikit-learn's defaults. */
import type { ProgressCallback } from '@kenobi/core';
import type { AssignmentKernel } from '../kernels/assignment-kernel.js';
import type { KernelChoice } from '../kernels/resolve-kernel.js';

/**
 * k-means initialisations: greedy k-means++ (sklearn's default) or k distinct random rows.
 *
 * @example
 * ```ts
 * KMEANS_INITS; // ['k-means++', 'random']
 * ```
 */
export const KMEANS_INITS = Object.freeze(['k-means++', 'random'] as const);

/** One of {@link KMEANS_INITS}. */
export type KMeansInit = (typeof KMEANS_INITS)[number];

/**
 * Options of {@link KMeans}.
 *
 * @example
 * ```ts
 * const o: KMeansOptions = { k: 10, seed: 42, nInit: 1, tol: 1e-4, kernel: 'ort' };
 * ```
 */
export interface KMeansOptions {
  /** Number of clusters. */
  readonly k: number;
  /** 'k-means++' (default), 'random', or explicit initial centres (k × D row-major, used as given). */
  readonly init?: KMeansInit | Float32Array | Float64Array;
  /** Runs from different seeds; the lowest inertia wins (default 1 for k-means++/explicit, 10 for random: sklearn's 'auto'). */
  readonly nInit?: number;
  /** Maximum Lloyd iterations per run (default 300). */
  readonly maxIter?: number;
  /** Relative tolerance: stop when Σ‖Δc‖² ≤ tol × mean feature variance (default 1e-4, as sklearn). */
  readonly tol?: number;
  /** Seed of the SeededRandom behind initialisation (default 0). */
  readonly seed?: number;
  /** Assignment kernel (default 'auto'). */
  readonly kernel?: KernelChoice | AssignmentKernel;
  /**
   * Hamerly's bounds (skip rows that cannot change cluster; same result). Default false: they pay off on
   * well-separated clusters with many iterations, not on overlapping high-dimensional ones.
   */
  readonly bounds?: boolean;
  /** Called after each run of nInit with phase 'kmeans', unit 'runs'. */
  readonly onProgress?: ProgressCallback;
}
