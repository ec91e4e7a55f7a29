/**
 * The gradient of a broadcast: sums a gradient of the broadcast (output) shape back to an input's shape.
 */
import type { Dim } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';

/**
 * `grad` (dims `from`) summed over the axes that broadcasting added or stretched, reshaped to `to`.
 *
 * @example
 * ```ts
 * // Add(x [N, 8, 4, 4], b [8, 1, 1]): db = unbroadcast(ctx, dY, ['N', 8, 4, 4], [8, 1, 1]) → ReduceSum over 0, 2, 3, reshaped to [8, 1, 1]
 * ```
 */
export function unbroadcast(ctx: GradContext, grad: string, from: readonly Dim[], to: readonly Dim[]): string {
  const lead = from.length - to.length;
  const axes: number[] = [];
  for (let a = 0; a < from.length; a++) {
    if (a < lead) { axes.push(a); continue; }
    const t = to[a - lead];
    if (t === 1 && from[a] !== 1) axes.push(a);
  }
  if (axes.length === 0) return grad;
  const summed = ctx.reduceSum(grad, axes, true);
  if (lead === 0) return summed;
  if (to.every((d) => typeof d === 'number')) return ctx.op('Reshape', [summed, ctx.constI64(to as number[])]);
  // symbolic dims survive only where they were not reduced: squeeze the leading axes instead of a fixed shape
  return ctx.op('Squeeze', [summed, ctx.constI64(Array.from({ length: lead }, (_, i) => i))]);
}
