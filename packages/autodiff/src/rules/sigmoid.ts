/** Sigmoid: dX = dY · Y · (1 − Y), from the forward output Y. */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Sigmoid`.
 *
 * @example
 * ```ts
 * gradientRule('Sigmoid') === sigmoidRule; // true
 * ```
 */
export const sigmoidRule: GradientRule = {
  opType: 'Sigmoid',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const y = node.output![0]!;
    return [ctx.op('Mul', [dY, ctx.op('Mul', [y, ctx.op('Sub', [ctx.constF32([1]), y])])])];
  },
};
