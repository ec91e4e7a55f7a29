/** Neg: dX = −dY. */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Neg`.
 *
 * @example
 * ```ts
 * gradientRule('Neg') === negRule; // true
 * ```
 */
export const negRule: GradientRule = {
  opType: 'Neg',
  backward: (ctx, _node, [dY], [wantX]) => [wantX && dY ? ctx.op('Neg', [dY]) : undefined],
};
