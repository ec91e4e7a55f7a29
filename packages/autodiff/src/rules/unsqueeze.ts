/** Unsqueeze (axes as an input): dX = Reshape(dY, Shape(X)). */
import type { GradientRule } from '../gradient-rule.js';
import { reshapeBack } from './reshape-back.js';

/**
 * The gradient rule of `Unsqueeze`.
 *
 * @example
 * ```ts
 * gradientRule('Unsqueeze') === unsqueezeRule; // true
 * ```
 */
export const unsqueezeRule: GradientRule = {
  opType: 'Unsqueeze',
  backward: (ctx, node, [dY], wants) => [wants[0] && dY ? reshapeBack(ctx, dY, node.input![0]!) : undefined, undefined],
};
