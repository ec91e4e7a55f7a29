/** ReduceSum (opset ≥ 13, axes as an input): dX = dY broadcast back over the reduced axes. */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';
import { expandOverAxes } from './expand-over-axes.js';

/**
 * The gradient rule of `ReduceSum`.
 *
 * @example
 * ```ts
 * gradientRule('ReduceSum') === reduceSumRule; // true
 * ```
 */
export const reduceSumRule: GradientRule = {
  opType: 'ReduceSum',
  unsupported(node, ctx) {
    const axesInput = node.input?.[1];
    if (axesInput && !ctx.constantValues(axesInput)) return 'the axes input is computed at run time; only constant axes are supported';
    return undefined;
  },
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined, undefined];
    const x = node.input![0]!;
    const rank = ctx.dims(x).length;
    const given = node.input?.[1] ? ctx.constantValues(node.input[1])! : [];
    const noop = attrIntOr(node, 'noop_with_empty_axes', 0) === 1;
    if (given.length === 0 && noop) return [dY, undefined];
    const axes = given.length === 0 ? [...Array(rank).keys()] : given.map((a) => (a < 0 ? a + rank : a));
    return [expandOverAxes(ctx, dY, x, axes, attrIntOr(node, 'keepdims', 1) === 1), undefined];
  },
};
