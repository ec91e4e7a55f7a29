/**
 * LeakyRelu, Y = X for X ≥ 0 else alpha·X (alpha default 0.01): dX = dY where X > 0, alpha·dY elsewhere
 * (at X = 0 the slope is alpha, as PyTorch's leaky_relu_backward `x > 0 ? grad : grad·negval`).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrFloat } from './attributes.js';

/**
 * The gradient rule of `LeakyRelu`.
 *
 * @example
 * ```ts
 * gradientRule('LeakyRelu') === leakyReluRule; // true
 * ```
 */
export const leakyReluRule: GradientRule = {
  opType: 'LeakyRelu',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const alpha = attrFloat(node, 'alpha', 0.01);
    const positive = ctx.op('Greater', [node.input![0]!, ctx.constF32([0])]);
    return [ctx.op('Where', [positive, dY, ctx.op('Mul', [dY, ctx.constF32([alpha])])])];
  },
};
