/**
 * LogSoftmax (opset ≥ 13: one axis, default −1): dX = dY − Exp(Y) · ReduceSum(dY, axis, keepdims), from the
 * forward output Y (Exp(Y) is the softmax).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';

/**
 * The gradient rule of `LogSoftmax`.
 *
 * @example
 * ```ts
 * gradientRule('LogSoftmax') === logSoftmaxRule; // true
 * ```
 */
export const logSoftmaxRule: GradientRule = {
  opType: 'LogSoftmax',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const y = node.output![0]!;
    // NOTE: ReduceSum takes a negative axis as it is, so no static rank is needed
    const axis = attrIntOr(node, 'axis', -1);
    const total = ctx.reduceSum(dY, [axis], true);
    return [ctx.op('Sub', [dY, ctx.op('Mul', [ctx.op('Exp', [y]), total])])];
  },
};
