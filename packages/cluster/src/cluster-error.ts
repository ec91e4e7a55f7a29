import { KenobiError } from '@kenobi/core';

/**
 * Every code a {@link ClusterError} can carry. Stable strings, documented in the package README.
 *
 * @example
 * ```ts
 * import { CLUSTER_ERROR_CODES } from '@kenobi/cluster';
 * CLUSTER_ERROR_CODES.includes('cluster/k-too-large'); // true
 * ```
 */
export const CLUSTER_ERROR_CODES = Object.freeze([
  'cluster/empty-input',
  'cluster/non-finite-input',
  'cluster/k-too-large',
  'cluster/bad-argument',
  'cluster/shape-mismatch',
  'cluster/zero-variance',
  'cluster/not-fitted',
  'cluster/not-positive-definite',
  'cluster/disposed',
] as const);

/** One of {@link CLUSTER_ERROR_CODES}. */
export type ClusterErrorCode = (typeof CLUSTER_ERROR_CODES)[number];

/**
 * The error `@kenobi/cluster` throws on purpose: empty or non-finite input, k larger than the number of
 * rows, mismatched shapes, degenerate covariances, use before `fit`.
 *
 * @example
 * ```ts
 * import { ClusterError, isKenobiError } from '@kenobi/cluster';
 * try { await new KMeans({ k: 50 }).fit(tenRows); }
 * catch (e) { if (isKenobiError(e, 'cluster/k-too-large')) console.log(e.message); }
 * ```
 */
export class ClusterError extends KenobiError {
  declare readonly code: ClusterErrorCode;

  constructor(
    code: ClusterErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}
