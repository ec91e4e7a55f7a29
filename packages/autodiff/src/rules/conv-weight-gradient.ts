/**
 * The weight gradient of a (grouped) Conv as one more Conv, JAX's transpose rule with stride and dilation
 * swapped: dW[m, c, a] = Σ_n Σ_o dY[n, m, o] · Xpad[n, g(m)·C/g + c, o·s + a·d] is a Conv of X (batch and
 * channels swapped, groups kept apart) with dY as the kernel, strides = d, dilations = s.
 */
import type { GradContext } from '../gradient-rule.js';
import type { WindowGeometry } from './conv-geometry.js';

/**
 * dW [M, C/g, …k] of `Conv(x, W, group)` from `dY` [N, M, …out]. With X' [C/g, g·N, …H] and
 * G' [M, N, …out] (for g = 1 simply the transposes of X and dY), dW = Transpose(Conv(X', G', group = g,
 * strides = d, dilations = s, pads = [pb, pe′]), [1, 0, …]) with pe′ = (out−1)·s + (k−1)·d + 1 − H − pb.
 * NOTE: pe′ < 0 (the conv never reads the last rows, e.g. 1×1 stride 2 on an even size) cannot be a pad:
 * X is sliced to H + pe′ there instead. The batch may be symbolic (Reshape copies it with 0 and -1).
 *
 * @example
 * ```ts
 * convWeightGradient(ctx, 'x', 'dY', geometry, 2, 4, 6); // [6, 2, 3, 3] for x [N, 4, 8, 8], group 2
 * ```
 */
export function convWeightGradient(ctx: GradContext, x: string, dY: string, g: WindowGeometry, group: number, channels: number, outChannels: number): string {
  const n = g.inSize.length;
  const spatialAxes = Array.from({ length: n }, (_, i) => i + 2);
  const sliceAxes: number[] = [], sliceEnds: number[] = [];
  const padsEnd: number[] = [], inSize: number[] = [];
  for (let i = 0; i < n; i++) {
    const reach = (g.outSize[i]! - 1) * g.strides[i]! + (g.kernel[i]! - 1) * g.dilations[i]! + 1;
    const pe = reach - g.inSize[i]! - g.padsBegin[i]!;
    if (pe < 0) {
      sliceAxes.push(i + 2); sliceEnds.push(g.inSize[i]! + pe);
      padsEnd.push(0); inSize.push(g.inSize[i]! + pe);
    } else {
      padsEnd.push(pe); inSize.push(g.inSize[i]!);
    }
  }
  const xs = sliceAxes.length === 0
    ? x
    : ctx.op('Slice', [x, ctx.constI64(sliceAxes.map(() => 0)), ctx.constI64(sliceEnds), ctx.constI64(sliceAxes)]);
  let xPrime: string, gPrime: string;
  if (group === 1) {
    xPrime = ctx.op('Transpose', [xs], { perm: [1, 0, ...spatialAxes] });
    gPrime = ctx.op('Transpose', [dY], { perm: [1, 0, ...spatialAxes] });
  } else {
    const perm = (a: number, b: number, c: number): number[] => [a, b, c, ...spatialAxes.map((k) => k + 1)];
    const xg = ctx.op('Reshape', [xs, ctx.constI64([0, group, channels / group, ...inSize])]);
    xPrime = ctx.op('Reshape', [ctx.op('Transpose', [xg], { perm: perm(2, 1, 0) }), ctx.constI64([channels / group, -1, ...inSize])]);
    const dg = ctx.op('Reshape', [dY, ctx.constI64([0, group, outChannels / group, ...g.outSize])]);
    gPrime = ctx.op('Reshape', [ctx.op('Transpose', [dg], { perm: perm(1, 2, 0) }), ctx.constI64([outChannels, -1, ...g.outSize])]);
  }
  const dWt = ctx.op('Conv', [xPrime, gPrime], {
    group,
    kernel_shape: [...g.outSize],
    strides: [...g.dilations],
    dilations: [...g.strides],
    pads: [...g.padsBegin, ...padsEnd],
  });
  return ctx.op('Transpose', [dWt], { perm: [1, 0, ...spatialAxes] });
}
