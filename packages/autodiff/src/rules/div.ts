/**
 * Div with numpy broadcasting, Y = A / B: dA = unbroadcast(dY / B), dB = −unbroadcast(dY · Y / B)
 * (= −dY · A / B², reusing the forward Y).
 */
import type { GradientRule } from '../gradient-rule.js';
import { outputDims } from './static-dims.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * The gradient rule of `Div`.
 *
 * @example
 * ```ts
 * gradientRule('Div') === divRule; // true
 * ```
 */
export const divRule: GradientRule = {
  opType: 'Div',
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined];
    const [a, b] = node.input!;
    const y = node.output![0]!;
    const yDims = outputDims(ctx, node);
    const dYOverB = ctx.op('Div', [dY, b!]);
    return [
      wants[0] ? unbroadcast(ctx, dYOverB, yDims, ctx.dims(a!), a) : undefined,
      wants[1] ? ctx.op('Neg', [unbroadcast(ctx, ctx.op('Mul', [dYOverB, y]), yDims, ctx.dims(b!), b)]) : undefined,
    ];
  },
};
