/**
 * Concat (any axis, negative included): each input's gradient is its slab of dY along the axis. With every
 * input's size along the axis static: one Split of dY; otherwise (a symbolic batch axis, an input whose shape
 * inference left unknown) a Slice per input between offsets summed from `Shape` at run time.
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';
import { normalizeAxis } from './static-dims.js';

/**
 * The gradient rule of `Concat`.
 *
 * @example
 * ```ts
 * // Concat([a [N, 2, 4], b [N, 3, 4]], axis=1): [da, db] = Split(dY, split=[2, 3], axis=1)
 * gradientRule('Concat') === concatRule; // true
 * ```
 */
export const concatRule: GradientRule = {
  opType: 'Concat',
  backward(ctx, node, [dY], wants) {
    const inputs = node.input ?? [];
    if (!dY) return inputs.map(() => undefined);
    const axis = attrIntOr(node, 'axis', 0);
    const sizes = inputs.map((x) => {
      const d = ctx.dimsOrUndefined(x);
      return d ? d[normalizeAxis(axis, d.length)] : undefined;
    });
    if (sizes.every((s): s is number => typeof s === 'number')) {
      if (inputs.length === 1) return [wants[0] ? dY : undefined];
      const parts = ctx.ops('Split', [dY, ctx.constI64(sizes)], { axis }, inputs.length);
      return parts.map((p, k) => (wants[k] ? p : undefined));
    }
    const axes = ctx.constI64([axis]);
    let start = ctx.constI64([0]);
    return inputs.map((x, k) => {
      const size = ctx.op('Gather', [ctx.op('Shape', [x]), axes]);
      const end = ctx.op('Add', [start, size]);
      const slab = wants[k] ? ctx.op('Slice', [dY, start, end, axes]) : undefined;
      start = end;
      return slab;
    });
  },
};
