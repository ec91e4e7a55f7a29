/** Sub with numpy broadcasting: dA = unbroadcast(dY), dB = −unbroadcast(dY) (negated after the sum: fewer elements). */
import type { GradientRule } from '../gradient-rule.js';
import { outputDims } from './static-dims.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * The gradient rule of `Sub`.
 *
 * @example
 * ```ts
 * gradientRule('Sub') === subRule; // true
 * ```
 */
export const subRule: GradientRule = {
  opType: 'Sub',
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined];
    const [a, b] = node.input!;
    const yDims = outputDims(ctx, node);
    return [
      wants[0] ? unbroadcast(ctx, dY, yDims, ctx.dims(a!), a) : undefined,
      wants[1] ? ctx.op('Neg', [unbroadcast(ctx, dY, yDims, ctx.dims(b!), b)]) : undefined,
    ];
  },
};
