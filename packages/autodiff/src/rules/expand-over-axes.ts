/** The gradient of a reduction: the reduced gradient broadcast back to the input's shape. */
import type { GradContext } from '../gradient-rule.js';

/**
 * `dY` (the gradient of a reduction of `x` over `axes`) expanded to `x`'s shape, unsqueezing the reduced axes
 * first when the reduction dropped them.
 *
 * @example
 * ```ts
 * expandOverAxes(ctx, dY, 'x', [2, 3], false); // Expand(Unsqueeze(dY, [2, 3]), Shape(x))
 * ```
 */
export function expandOverAxes(ctx: GradContext, dY: string, x: string, axes: readonly number[], keepdims: boolean): string {
  const kept = keepdims ? dY : ctx.op('Unsqueeze', [dY, ctx.constI64([...axes].sort((a, b) => a - b))]);
  return ctx.op('Expand', [kept, ctx.op('Shape', [x])]);
}
