/** Transpose (perm, default: the axes reversed): dX = Transpose(dY, perm⁻¹). */
import { attrInts } from '@kenobi/onnx';
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Transpose`.
 *
 * @example
 * ```ts
 * // Transpose(x, perm=[0, 2, 3, 1]) (NCHW → NHWC): dX = Transpose(dY, perm=[0, 3, 1, 2])
 * gradientRule('Transpose') === transposeRule; // true
 * ```
 */
export const transposeRule: GradientRule = {
  opType: 'Transpose',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const given = attrInts(node, 'perm', undefined);
    const perm = given ?? [...Array(ctx.dims(node.input![0]!).length).keys()].reverse();
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, k) => { inverse[p] = k; });
    return [ctx.op('Transpose', [dY], { perm: inverse })];
  },
};
