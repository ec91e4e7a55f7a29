/** Relu: dX = dY · (X > 0) (the subgradient at 0 is 0, as in PyTorch). */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Relu`.
 *
 * @example
 * ```ts
 * gradientRule('Relu') === reluRule; // true
 * ```
 */
export const reluRule: GradientRule = {
  opType: 'Relu',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const positive = ctx.op('Cast', [ctx.op('Greater', [node.input![0]!, ctx.constF32([0])])], { to: 1 });
    return [ctx.op('Mul', [dY, positive])];
  },
};
