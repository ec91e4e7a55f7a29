/** The gradient of any op that only reshapes (Reshape, Flatten, Squeeze, Unsqueeze): dY given X's shape back. */
import type { GradContext } from '../gradient-rule.js';

/**
 * `dY` reshaped to `Shape(x)` at run time, so symbolic dims (the batch) need no static value.
 *
 * @example
 * ```ts
 * reshapeBack(ctx, dY, 'x'); // Reshape(dY, Shape(x), allowzero=1)
 * ```
 */
export function reshapeBack(ctx: GradContext, dY: string, x: string): string {
  // NOTE: allowzero=1: a 0 in Shape(x) is a real empty axis, not "copy dY's dim" (Reshape-14; gradient graphs are ≥ 17)
  return ctx.op('Reshape', [dY, ctx.op('Shape', [x])], { allowzero: 1 });
}
