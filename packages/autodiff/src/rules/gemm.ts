/**
 * Gemm: Y = alpha · A' · B' + beta · C with A' = transA ? Aᵀ : A, B' = transB ? Bᵀ : B.
 * dA' = alpha · dY · B'ᵀ, dB' = alpha · A'ᵀ · dY (each written back through its transpose), dC = beta · unbroadcast(dY)
 * (C may be [M, N], [N], [M, 1], [1] or a scalar).
 */
import { floatAttr } from '@kenobi/onnx';
import type { GradientRule } from '../gradient-rule.js';
import { attrFloat, attrIntOr } from './attributes.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * The gradient rule of `Gemm`.
 *
 * @example
 * ```ts
 * gradientRule('Gemm') === gemmRule; // true
 * ```
 */
export const gemmRule: GradientRule = {
  opType: 'Gemm',
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined, undefined];
    const [a, b, c] = node.input!;
    const transA = attrIntOr(node, 'transA', 0) === 1, transB = attrIntOr(node, 'transB', 0) === 1;
    const alpha = attrFloat(node, 'alpha', 1), beta = attrFloat(node, 'beta', 1);
    const gemm = (x: string, y: string, tx: boolean, ty: boolean): string => ctx.op('Gemm', [x, y], { transA: tx ? 1 : 0, transB: ty ? 1 : 0, alpha: floatAttr(alpha) });
    // A' [M, K] = A or Aᵀ; B' [K, N]; dY [M, N]
    const dA = wants[0] ? (transA ? gemm(b!, dY, transB, true) : gemm(dY, b!, false, !transB)) : undefined;
    const dB = wants[1] ? (transB ? gemm(dY, a!, true, transA) : gemm(a!, dY, !transA, false)) : undefined;
    let dC: string | undefined;
    if (wants[2] && c) {
      const summed = unbroadcast(ctx, dY, ctx.dims(node.output![0]!), ctx.dims(c), c);
      dC = beta === 1 ? summed : ctx.op('Mul', [summed, ctx.constF32([beta])]);
    }
    return [dA, dB, dC];
  },
};
