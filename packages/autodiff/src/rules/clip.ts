/**
 * Clip (opset ≥ 11: min and max are optional scalar inputs), Y = min(max(X, lo), hi):
 * dX = dY · (X > lo) · (X < hi), strict at the bounds like PyTorch's hardtanh/ReLU6 backward (0 AT a bound; a
 * missing bound drops its factor). When lo or hi itself requires a gradient (a trained bound):
 * dlo = Σ dY · (X < lo) · (lo < hi), dhi = Σ dY · ((X > hi) ∨ (lo > hi)) (with lo > hi every Y is hi, as ONNX says).
 */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Clip`.
 *
 * @example
 * ```ts
 * // ReLU6 = Clip(x, 0, 6): dX = dY · (0 < x < 6)
 * gradientRule('Clip') === clipRule; // true
 * ```
 */
export const clipRule: GradientRule = {
  opType: 'Clip',
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined, undefined];
    const [x, lo, hi] = [node.input![0]!, node.input![1] || undefined, node.input![2] || undefined];
    const mask = (bool: string): string => ctx.op('Cast', [bool], { to: 1 });
    const inside = [lo ? ctx.op('Greater', [x, lo]) : undefined, hi ? ctx.op('Less', [x, hi]) : undefined].filter((m): m is string => m !== undefined);
    let dX: string | undefined;
    if (wants[0]) dX = inside.length === 0 ? dY : ctx.op('Mul', [dY, mask(inside.length === 1 ? inside[0]! : ctx.op('And', inside))]);
    // empty axes (noop_with_empty_axes=0): the sum of every element, whatever X's rank
    const total = (t: string, bound: string): string => ctx.op('Reshape', [ctx.reduceSum(t, [], false), ctx.op('Shape', [bound])]);
    let dLo: string | undefined, dHi: string | undefined;
    if (wants[1] && lo) {
      const below = ctx.op('Less', [x, lo]);
      const active = hi ? ctx.op('And', [below, ctx.op('Less', [lo, hi])]) : below;
      dLo = total(ctx.op('Mul', [dY, mask(active)]), lo);
    }
    if (wants[2] && hi) {
      const above = ctx.op('Greater', [x, hi]);
      const active = lo ? ctx.op('Or', [above, ctx.op('Greater', [lo, hi])]) : above;
      dHi = total(ctx.op('Mul', [dY, mask(active)]), hi);
    }
    return [dX, dLo, dHi];
  },
};
