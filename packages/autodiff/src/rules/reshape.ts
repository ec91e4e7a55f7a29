/** Reshape (any shape input, 0 and −1 included, either allowzero): dX = Reshape(dY, Shape(X)); the shape input gets no gradient. */
import type { GradientRule } from '../gradient-rule.js';
import { reshapeBack } from './reshape-back.js';

/**
 * The gradient rule of `Reshape`.
 *
 * @example
 * ```ts
 * gradientRule('Reshape') === reshapeRule; // true
 * ```
 */
export const reshapeRule: GradientRule = {
  opType: 'Reshape',
  backward: (ctx, node, [dY], wants) => [wants[0] && dY ? reshapeBack(ctx, dY, node.input![0]!) : undefined, undefined],
};
