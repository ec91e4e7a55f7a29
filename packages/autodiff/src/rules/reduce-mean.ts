/**
 * ReduceMean (axes as an attribute below opset 18, as a constant input from 18; any keepdims,
 * noop_with_empty_axes): dX = dY / count broadcast back over the reduced axes, count = the product of the
 * reduced dims when they are static, else Size(X) / Size(Y) at run time (a symbolic batch axis).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';
import { expandOverAxes } from './expand-over-axes.js';
import { reduceAxesUnsupported, reducedAxes } from './reduce-axes.js';
import { staticProduct } from './static-dims.js';

/**
 * The gradient rule of `ReduceMean`.
 *
 * @example
 * ```ts
 * // global average pooling as ReduceMean(x [N, C, 7, 7], axes=[2, 3]): dX = Expand(Unsqueeze(dY / 49), Shape(x))
 * gradientRule('ReduceMean') === reduceMeanRule; // true
 * ```
 */
export const reduceMeanRule: GradientRule = {
  opType: 'ReduceMean',
  unsupported: reduceAxesUnsupported,
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined, undefined];
    const x = node.input![0]!;
    const axes = reducedAxes(ctx, node);
    if (axes === 'none') return [dY, undefined];
    const dims = ctx.dimsOrUndefined(x);
    const count = dims ? staticProduct(axes === 'all' ? dims : axes.map((a) => dims[a]!)) : undefined;
    const size = (t: string): string => ctx.op('Cast', [ctx.op('Size', [t])], { to: 1 });
    const scaled = count !== undefined
      ? ctx.op('Mul', [dY, ctx.constF32([1 / count])])
      : ctx.op('Div', [dY, ctx.op('Div', [size(x), size(node.output![0]!)])]);
    if (axes === 'all') return [ctx.op('Expand', [scaled, ctx.op('Shape', [x])]), undefined];
    return [expandOverAxes(ctx, scaled, x, axes, attrIntOr(node, 'keepdims', 1) === 1), undefined];
  },
};
