/**
 * GlobalMaxPool: the whole gradient of each (n, c) goes to the FIRST maximum in row-major order, as
 * PyTorch's max pooling does: idx = ArgMax(Reshape(X, [N, C, −1]), axis 2, select_last_index 0), then
 * dX = Reshape(ScatterElements(zeros [N, C, H·W], idx, dY [N, C, 1], axis 2), Shape(X)).
 * NOTE: an equality mask (X == Y) would give every tied element the full gradient; ArgMax with
 * select_last_index 0 picks exactly one, the first.
 */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `GlobalMaxPool`.
 *
 * @example
 * ```ts
 * gradientRule('GlobalMaxPool') === globalMaxPoolRule; // true
 * // x [N, 64, 5, 5] → y [N, 64, 1, 1]; dX [N, 64, 5, 5] is dY at each channel's first maximum, 0 elsewhere
 * ```
 */
export const globalMaxPoolRule: GradientRule = {
  opType: 'GlobalMaxPool',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const x = node.input![0]!;
    const rows = ctx.op('Reshape', [x, ctx.constI64([0, 0, -1])]);
    const first = ctx.op('ArgMax', [rows], { axis: 2, keepdims: 1, select_last_index: 0 });
    const zeros = ctx.op('ConstantOfShape', [ctx.op('Shape', [rows])]);
    const scattered = ctx.op('ScatterElements', [zeros, first, ctx.op('Reshape', [dY, ctx.constI64([0, 0, 1])])], { axis: 2 });
    return [ctx.op('Reshape', [scattered, ctx.op('Shape', [x])])];
  },
};
