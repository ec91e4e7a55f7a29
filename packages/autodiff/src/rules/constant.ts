/**
 * Constant: no inputs, so nothing to differentiate. The engine never puts a Constant on the trainable path
 * (nothing it reads requires a gradient); the rule is there so `differentiableOps()` lists it and a Constant met
 * by any other route adds nothing.
 */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Constant`.
 *
 * @example
 * ```ts
 * constantRule.backward(ctx, node, [dY], []); // []
 * ```
 */
export const constantRule: GradientRule = {
  opType: 'Constant',
  backward: () => [],
};
