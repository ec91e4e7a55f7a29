/** Cast from float to float: the identity, dX = dY. Casts to any other type are refused. */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';

/** ONNX TensorProto.DataType FLOAT. */
const FLOAT = 1;

/**
 * The gradient rule of `Cast` (float → float only).
 *
 * @example
 * ```ts
 * gradientRule('Cast')?.unsupported?.(castToHalf, ctx); // 'only Cast to float (to=1) is differentiable here, this one casts to type 10'
 * ```
 */
export const castRule: GradientRule = {
  opType: 'Cast',
  unsupported(node) {
    const to = attrIntOr(node, 'to', 0);
    return to === FLOAT ? undefined : `only Cast to float (to=1) is differentiable here, this one casts to type ${to}`;
  },
  backward: (_ctx, _node, [dY], [wantX]) => [wantX ? dY : undefined],
};
