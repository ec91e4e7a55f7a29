/** Mul with numpy broadcasting (either input may be the broadcast one): dA = unbroadcast(dY · B), dB = unbroadcast(dY · A). */
import type { GradientRule } from '../gradient-rule.js';
import { outputDims } from './static-dims.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * The gradient rule of `Mul`.
 *
 * @example
 * ```ts
 * gradientRule('Mul') === mulRule; // true
 * ```
 */
export const mulRule: GradientRule = {
  opType: 'Mul',
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined];
    const [a, b] = node.input!;
    const yDims = outputDims(ctx, node);
    return [
      wants[0] ? unbroadcast(ctx, ctx.op('Mul', [dY, b!]), yDims, ctx.dims(a!), a) : undefined,
      wants[1] ? unbroadcast(ctx, ctx.op('Mul', [dY, a!]), yDims, ctx.dims(b!), b) : undefined,
    ];
  },
};
