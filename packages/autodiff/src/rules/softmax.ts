/**
 * Softmax (opset ≥ 13: one axis, default −1): dX = Y · (dY − ReduceSum(dY · Y, axis, keepdims)), from the
 * forward output Y.
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';

/**
 * The gradient rule of `Softmax`.
 *
 * @example
 * ```ts
 * gradientRule('Softmax') === softmaxRule; // true
 * ```
 */
export const softmaxRule: GradientRule = {
  opType: 'Softmax',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const y = node.output![0]!;
    // NOTE: ReduceSum takes a negative axis as it is, so no static rank is needed
    const axis = attrIntOr(node, 'axis', -1);
    const dot = ctx.reduceSum(ctx.op('Mul', [dY, y]), [axis], true);
    return [ctx.op('Mul', [y, ctx.op('Sub', [dY, dot])])];
  },
};
