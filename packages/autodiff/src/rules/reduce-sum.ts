/**
 * ReduceSum (opset ≥ 13, axes as a constant input; any keepdims, noop_with_empty_axes): dX = dY broadcast back
 * over the reduced axes (a full reduction needs no static dims: Expand(dY, Shape(X))).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';
import { expandOverAxes } from './expand-over-axes.js';
import { reduceAxesUnsupported, reducedAxes } from './reduce-axes.js';

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
  unsupported: reduceAxesUnsupported,
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined, undefined];
    const x = node.input![0]!;
    const axes = reducedAxes(ctx, node);
    if (axes === 'none') return [dY, undefined];
    if (axes === 'all') return [ctx.op('Expand', [dY, ctx.op('Shape', [x])]), undefined];
    return [expandOverAxes(ctx, dY, x, axes, attrIntOr(node, 'keepdims', 1) === 1), undefined];
  },
};
