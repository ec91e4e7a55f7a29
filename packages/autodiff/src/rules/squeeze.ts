/** Squeeze (axes as an input, or none: every unit axis): dX = Reshape(dY, Shape(X)). */
import type { GradientRule } from '../gradient-rule.js';
import { reshapeBack } from './reshape-back.js';

/**
 * The gradient rule of `Squeeze`.
 *
 * @example
 * ```ts
 * gradientRule('Squeeze') === squeezeRule; // true
 * ```
 */
export const squeezeRule: GradientRule = {
  opType: 'Squeeze',
  backward: (ctx, node, [dY], wants) => [wants[0] && dY ? reshapeBack(ctx, dY, node.input![0]!) : undefined, undefined],
};
