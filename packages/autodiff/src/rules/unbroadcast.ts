/**
 * The gradient of a broadcast: sums a gradient of the broadcast (output) shape back to an input's shape.
 */
import type { Dim } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';
import { sameDim } from './static-dims.js';

/**
 * `grad` (dims `from`) summed over the axes that broadcasting added or stretched, reshaped to `to`.
 *
 * Where the static dims cannot tell whether an axis was stretched (the input's dim is symbolic and not the
 * same name as the output's, e.g. `b ['M', 3]` against `y ['N', 3]`), the axes are found at run time from
 * `Shape(target)` (the input tensor itself); without `target` that is an `autodiff/unknown-shape` error.
 *
 * @example
 * ```ts
 * // Add(x [N, 8, 4, 4], b [8, 1, 1]): db = unbroadcast(ctx, dY, ['N', 8, 4, 4], [8, 1, 1]) → ReduceSum over 0, 2, 3, reshaped to [8, 1, 1]
 * ```
 */
export function unbroadcast(ctx: GradContext, grad: string, from: readonly Dim[], to: readonly Dim[], target?: string): string {
  const lead = from.length - to.length;
  const axes: number[] = [];
  let ambiguous = false;
  for (let a = 0; a < from.length; a++) {
    if (a < lead) { axes.push(a); continue; }
    const t = to[a - lead]!, f = from[a]!;
    if (t === 1 && f !== 1) axes.push(a);
    // NOTE: a named input dim facing a different (or unnamed) output dim may be 1 at run time: stretched
    else if (typeof t !== 'number' && f !== 1 && !sameDim(t, f)) ambiguous = true;
  }
  if (ambiguous) {
    if (!target) return ctx.fail('autodiff/unknown-shape', `cannot tell statically whether [${to.join(', ')}] is broadcast to [${from.join(', ')}] (give inputShapes with numbers)`);
    return unbroadcastAtRunTime(ctx, grad, lead, target);
  }
  if (axes.length === 0) return grad;
  const summed = ctx.reduceSum(grad, axes, true);
  if (lead === 0) return summed;
  if (to.every((d) => typeof d === 'number')) return ctx.op('Reshape', [summed, ctx.constI64(to as number[])]);
  // symbolic dims survive only where they were not reduced: squeeze the leading axes instead of a fixed shape
  return ctx.op('Squeeze', [summed, ctx.constI64(Array.from({ length: lead }, (_, i) => i))]);
}

/** Sums the `lead` leading axes and every axis where `target`'s run-time dim is 1, then takes `target`'s shape. */
function unbroadcastAtRunTime(ctx: GradContext, grad: string, lead: number, target: string): string {
  const shape = ctx.op('Shape', [target]);
  const ones = ctx.op('Squeeze', [ctx.op('NonZero', [ctx.op('Equal', [shape, ctx.constI64([1], [])])]), ctx.constI64([0])]);
  const trailing = lead === 0 ? ones : ctx.op('Add', [ones, ctx.constI64([lead], [])]);
  const axes = lead === 0 ? trailing : ctx.op('Concat', [ctx.constI64(Array.from({ length: lead }, (_, i) => i)), trailing], { axis: 0 });
  // NOTE: noop_with_empty_axes: when no axis is stretched the axes tensor is empty, which would otherwise sum everything
  const summed = ctx.op('ReduceSum', [grad, axes], { keepdims: 1, noop_with_empty_axes: 1 });
  return lead === 0 ? summed : ctx.op('Reshape', [summed, shape]);
}
