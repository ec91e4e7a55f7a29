/** GlobalAveragePool: dX = Expand(dY / (H·W·…), Shape(X)). */
import type { GradientRule } from '../gradient-rule.js';
import { staticDims } from './conv-static-dims.js';

/**
 * The gradient rule of `GlobalAveragePool`.
 *
 * @example
 * ```ts
 * gradientRule('GlobalAveragePool') === globalAveragePoolRule; // true
 * // x [N, 512, 7, 7] → y [N, 512, 1, 1]; dX = Expand(dY · (1/49), Shape(x))
 * ```
 */
export const globalAveragePoolRule: GradientRule = {
  opType: 'GlobalAveragePool',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const x = node.input![0]!;
    const area = staticDims(ctx, x, 2).reduce((a, b) => a * b, 1);
    return [ctx.op('Expand', [ctx.op('Mul', [dY, ctx.constF32([1 / area])]), ctx.op('Shape', [x])])];
  },
};
