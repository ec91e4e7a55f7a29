import { KenobiError } from '@kenobi/core';

/**
 * Every code a {@link LearnError} can carry. Stable strings, documented in the package README.
 *
 * @example
 * ```ts
 * import { LEARN_ERROR_CODES } from '@kenobi/learn';
 * LEARN_ERROR_CODES.includes('learn/non-finite-input'); // true
 * ```
 */
export const LEARN_ERROR_CODES = Object.freeze([
  'learn/non-finite-input',
  'learn/shape-mismatch',
  'learn/single-class',
  'learn/bad-argument',
  'learn/undefined-metric',
  'learn/not-built',
  'learn/bad-file',
] as const);

/** One of {@link LEARN_ERROR_CODES}. */
export type LearnErrorCode = (typeof LEARN_ERROR_CODES)[number];

/**
 * The error `@kenobi/learn` throws on purpose: bad input (NaN features, one class, wrong feature count),
 * undefined metrics, unreadable `.kenobi` files.
 *
 * @example
 * ```ts
 * import { LearnError, isKenobiError } from '@kenobi/learn';
 * try { fit(model, xWithNaN, y, opts); }
 * catch (e) { if (isKenobiError(e, 'learn/non-finite-input')) console.log(e.details.row); }
 * ```
 */
export class LearnError extends KenobiError {
  declare readonly code: LearnErrorCode;

  constructor(
    code: LearnErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}
