/** Tanh: dX = dY · (1 − Y²), from the forward output Y. */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Tanh`.
 *
 * @example
 * ```ts
 * gradientRule('Tanh') === tanhRule; // true
 * ```
 */
export const tanhRule: GradientRule = {
  opType: 'Tanh',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const y = node.output![0]!;
    return [ctx.op('Mul', [dY, ctx.op('Sub', [ctx.constF32([1]), ctx.op('Mul', [y, y])])])];
  },
};
