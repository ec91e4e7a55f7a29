/**
 * MatMul with numpy semantics: A [..., M, K] · B [..., K, N] with broadcast batch dims; a 1-D A is [1, K] and a
 * 1-D B is [K, 1], their unit axis dropped from Y. With A', B', dY' those promoted forms:
 * dA' = unbroadcast(dY' · B'ᵀ) to A', dB' = unbroadcast(A'ᵀ · dY') to B', then the unit axis dropped again.
 * A 2-D B under a batched A (a dense layer over a sequence) gets dB = Aᵀ · dY over the flattened batch, one
 * GEMM instead of a batch of them and a sum.
 */
import type { Dim } from '@kenobi/onnx';
import type { GradContext, GradientRule } from '../gradient-rule.js';
import { broadcastStaticDims } from './static-dims.js';
import { unbroadcast } from './unbroadcast.js';

/** `t` with its last two axes swapped. */
function swapLast(ctx: GradContext, t: string, rank: number): string {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return ctx.op('Transpose', [t], { perm });
}

/**
 * The gradient rule of `MatMul`.
 *
 * @example
 * ```ts
 * gradientRule('MatMul') === matMulRule; // true
 * ```
 */
export const matMulRule: GradientRule = {
  opType: 'MatMul',
  backward(ctx, node, [dY], wants) {
    if (!dY || !(wants[0] || wants[1])) return [undefined, undefined];
    const [a, b] = [node.input![0]!, node.input![1]!];
    const aDims = ctx.dims(a), bDims = ctx.dims(b);
    const aVec = aDims.length === 1, bVec = bDims.length === 1;
    // promoted operands: A' [..., M, K], B' [..., K, N]
    const a2 = aVec ? ctx.op('Unsqueeze', [a, ctx.constI64([0])]) : a;
    const b2 = bVec ? ctx.op('Unsqueeze', [b, ctx.constI64([1])]) : b;
    const a2Dims: readonly Dim[] = aVec ? [1, aDims[0]!] : aDims;
    const b2Dims: readonly Dim[] = bVec ? [bDims[0]!, 1] : bDims;
    const dropped = [...(aVec ? [-2] : []), ...(bVec ? [-1] : [])];
    const dY2 = dropped.length === 0 ? dY : ctx.op('Unsqueeze', [dY, ctx.constI64(aVec && bVec ? [0, 1] : dropped)]);
    const batch = broadcastStaticDims([a2Dims.slice(0, -2), b2Dims.slice(0, -2)]);
    const [M, K, N] = [a2Dims[a2Dims.length - 2]!, a2Dims[a2Dims.length - 1]!, b2Dims[b2Dims.length - 1]!];
    const rank = batch.length + 2;

    let dA: string | undefined;
    if (wants[0]) {
      const full = ctx.op('MatMul', [dY2, swapLast(ctx, b2, b2Dims.length)]);
      const summed = unbroadcast(ctx, full, [...batch, M, K], a2Dims, a2);
      dA = aVec ? ctx.op('Squeeze', [summed, ctx.constI64([0])]) : summed;
    }
    let dB: string | undefined;
    if (wants[1]) {
      let summed: string;
      if (b2Dims.length === 2 && rank > 2 && typeof K === 'number' && typeof N === 'number') {
        const flatA = ctx.op('Reshape', [a2, ctx.constI64([-1, K])]);
        const flatDY = ctx.op('Reshape', [dY2, ctx.constI64([-1, N])]);
        summed = ctx.op('Gemm', [flatA, flatDY], { transA: 1 });
      } else {
        const full = ctx.op('MatMul', [swapLast(ctx, a2, a2Dims.length), dY2]);
        summed = unbroadcast(ctx, full, [...batch, K, N], b2Dims, b2);
      }
      dB = bVec ? ctx.op('Squeeze', [summed, ctx.constI64([1])]) : summed;
    }
    return [dA, dB];
  },
};
