/** Sum (variadic, numpy broadcasting): dXᵢ = unbroadcast(dY) to each input's shape. */
import type { GradientRule } from '../gradient-rule.js';
import { outputDims } from './static-dims.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * The gradient rule of `Sum`.
 *
 * @example
 * ```ts
 * gradientRule('Sum') === sumRule; // true
 * ```
 */
export const sumRule: GradientRule = {
  opType: 'Sum',
  backward(ctx, node, [dY], wants) {
    const inputs = node.input ?? [];
    if (!dY) return inputs.map(() => undefined);
    const yDims = outputDims(ctx, node);
    return inputs.map((x, k) => (wants[k] ? unbroadcast(ctx, dY, yDims, ctx.dims(x), x) : undefined));
  },
};
