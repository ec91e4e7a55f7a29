/** Identity: dX = dY. */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Identity`.
 *
 * @example
 * ```ts
 * gradientRule('Identity') === identityRule; // true
 * ```
 */
export const identityRule: GradientRule = {
  opType: 'Identity',
  backward: (_ctx, _node, [dY], [wantX]) => [wantX ? dY : undefined],
};
