/**
 * Relu: dX = dY · (Y > 0) (the subgradient at 0 is 0, as in PyTorch). Y > 0 exactly where X > 0, and NaN
 * compares false on either side.
 * NOTE: the mask reads the output Y, not the input X: X then has one consumer (this Relu), so ONNX Runtime
 * fuses a Conv or Gemm before it into one kernel and frees X at once instead of
 * keeping every pre-activation tensor alive until the backward pass; Y is kept for the next layer anyway.
 */
import type { GradientRule } from '../gradient-rule.js';

/**
 * The gradient rule of `Relu`.
 *
 * @example
 * ```ts
 * gradientRule('Relu') === reluRule; // true
 * // backward: dX = Mul(dY, Cast(Greater(Y, 0), FLOAT))
 * ```
 */
export const reluRule: GradientRule = {
  opType: 'Relu',
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const positive = ctx.op('Cast', [ctx.op('Greater', [node.output![0]!, ctx.constF32([0])])], { to: 1 });
    return [ctx.op('Mul', [dY, positive])];
  },
};
