/** Flatten (any axis): dX = Reshape(dY, Shape(X)). */
import type { GradientRule } from '../gradient-rule.js';
import { reshapeBack } from './reshape-back.js';

/**
 * The gradient rule of `Flatten`.
 *
 * @example
 * ```ts
 * gradientRule('Flatten') === flattenRule; // true
 * ```
 */
export const flattenRule: GradientRule = {
  opType: 'Flatten',
  backward: (ctx, node, [dY], wants) => [wants[0] && dY ? reshapeBack(ctx, dY, node.input![0]!) : undefined, undefined],
};
