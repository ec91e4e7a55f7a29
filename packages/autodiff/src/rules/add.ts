/** Add with numpy broadcasting (either input may be the broadcast one): dA = unbroadcast(dY), dB = unbroadcast(dY). */
import type { GradientRule } from '../gradient-rule.js';
import { outputDims } from './static-dims.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * The gradient rule of `Add`.
 *
 * @example
 * ```ts
 * gradientRule('Add') === addRule; // true
 * ```
 */
export const addRule: GradientRule = {
  opType: 'Add',
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined];
    const yDims = outputDims(ctx, node);
    return node.input!.slice(0, 2).map((x, k) => (wants[k] ? unbroadcast(ctx, dY, yDims, ctx.dims(x), x) : undefined));
  },
};
