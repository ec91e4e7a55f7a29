/**
 * The typed errors of @kenobi/autodiff. Each names the op, node or tensor it is about.
 */
import { KenobiError } from '@kenobi/core';

/** Every code an {@link AutodiffError} can carry. */
export const AUTODIFF_ERROR_CODES = Object.freeze([
  'autodiff/unsupported-op',
  'autodiff/unknown-tensor',
  'autodiff/no-path',
  'autodiff/bad-option',
  'autodiff/unknown-shape',
  'autodiff/unsupported-attribute',
] as const);

/** One code of {@link AUTODIFF_ERROR_CODES}. */
export type AutodiffErrorCode = (typeof AUTODIFF_ERROR_CODES)[number];

/**
 * An error while building a gradient graph: an op with no gradient rule on the trainable path, a loss that
 * does not depend on a trainable tensor, a shape the rule needs but cannot know.
 *
 * @example
 * ```ts
 * import { isKenobiError } from '@kenobi/core';
 * try { buildGradientGraph(model, { loss: 'loss', wrt: ['w'] }); }
 * catch (e) { if (isKenobiError(e, 'autodiff/unsupported-op')) console.log(e.message); } // "no gradient rule for op 'Erf' (node 'gelu/erf') ..."
 * ```
 */
export class AutodiffError extends KenobiError {
  declare readonly code: AutodiffErrorCode;

  constructor(code: AutodiffErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
