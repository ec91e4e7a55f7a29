/**
 * Split (any axis; sizes as the `split` input, `num_outputs` at opset ≥ 18, or an equal split): dX is the
 * outputs' gradients concatenated back along the axis, zeros (`ConstantOfShape(Shape(Yᵢ))`, float 0 by
 * default) standing in for an output that does not reach the loss. Reads no static dims, so it works where
 * shape inference knows nothing of the outputs.
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';

/**
 * The gradient rule of `Split`.
 *
 * @example
 * ```ts
 * // [a, b] = Split(x, axis=1) with only `a` used: dX = Concat([dA, zeros like b], axis=1)
 * gradientRule('Split') === splitRule; // true
 * ```
 */
export const splitRule: GradientRule = {
  opType: 'Split',
  backward(ctx, node, dOutputs, wants) {
    if (!wants[0]) return [undefined, undefined];
    const parts = (node.output ?? []).map((y, k) => dOutputs[k] ?? ctx.op('ConstantOfShape', [ctx.op('Shape', [y])]));
    return [parts.length === 1 ? parts[0]! : ctx.op('Concat', parts, { axis: attrIntOr(node, 'axis', 0) }), undefined];
  },
};
