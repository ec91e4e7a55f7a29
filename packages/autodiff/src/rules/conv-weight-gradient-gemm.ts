/**
 * The weight gradient of an ungrouped Conv as one Gemm per kernel tap: for tap a (a spatial offset in the
 * kernel), dW[:, :, a] = dY′ · Xₐᵀ with dY′ = dY as [M, N·P] and Xₐ [C, N·P] the input window that tap reads
 * at every output position (a strided Slice of the channel-major, padded input).
 */
import type { GradContext } from '../gradient-rule.js';
import type { WindowGeometry } from './conv-geometry.js';

/**
 * True when {@link convWeightGradientGemm} should be used for a conv of `channels` input channels: ungrouped,
 * and at least as many input channels as kernel taps (Πk).
 * NOTE: both forms move the same data (every tap reads a window of the input once); what differs is the
 * shape of the matrix products. The Gemm form multiplies [M, N·P] by [N·P, C] once per tap; the grouped
 * Conv form (`convWeightGradient`) multiplies [M, N·P] by [N·P, Πk] once per input channel. The larger inner
 * side wins. Measured on onnxruntime-node 1.30 CPU, 1 thread, weights fed as inputs (forward + dX + dW, CPU
 * ms, min of 4; only dW differs): ResNet-18 layer4 3×3 512→512 at 7×7 batch 32: 203 → 173; 3×3/2 256→512:
 * 109 → 94; 1×1/2 downsample: 34 → 14; seeds' CNN at batch 64, 5×5 32→64 at 64×64: 817 → 725; 2×2 64→128
 * at 32×32: 253 → 120; 3×3 128→128 at 16×16: 160 → 112; but the first layer, 6×6 3→32 at 64×64 (C = 3 < 36
 * taps): 87 → 160, so it keeps the Conv form.
 *
 * @example
 * ```ts
 * prefersGemmWeightGradient([3, 3], 1, 512); // true
 * prefersGemmWeightGradient([6, 6], 1, 3);   // false
 * ```
 */
export function prefersGemmWeightGradient(kernel: readonly number[], group: number, channels: number): boolean {
  return group === 1 && channels >= kernel.reduce((a, b) => a * b, 1);
}

/**
 * `t` [N, K, …spatial] as the channel-major matrix [K, N·P] (Transpose, then Reshape with −1, so the batch may
 * be symbolic): the operand layout both Gemm weight-gradient forms multiply.
 *
 * @example
 * ```ts
 * channelMajor(ctx, 'dY', 512, 2); // [512, N·49] for dY [N, 512, 7, 7]
 * ```
 */
export function channelMajor(ctx: GradContext, t: string, rows: number, spatialRank: number): string {
  const spatial = Array.from({ length: spatialRank }, (_, i) => i + 2);
  return ctx.op('Reshape', [ctx.op('Transpose', [t], { perm: [1, 0, ...spatial] }), ctx.constI64([rows, -1])]);
}

/**
 * dW [M, C, …k] of an ungrouped `Conv(x, W)` from `dY` [N, M, …out]: X′ = Pad(Transpose(X) [C, N, …H]) with
 * the forward's pads; for each tap a (row-major over the kernel), Xₐ = Slice(X′, a·d, a·d + (out−1)·s + 1,
 * step s) as [C, N·P]; Gₐ = Gemm(dY′, Xₐ, transB) [M, C]; dW = Reshape(Transpose(Concat(G₀ …) as [taps, M·C])).
 * Every slice ends inside the padded input because out = ⌊(H + pb + pe − (k−1)·d − 1)/s⌋ + 1, so rows a
 * stride-s conv never reads are simply never sliced (a 1×1 stride-1 conv needs no Slice at all). The batch
 * may be symbolic (Reshape with −1).
 *
 * @example
 * ```ts
 * convWeightGradientGemm(ctx, 'x', 'dY', geometry, 512, 512); // [512, 512, 3, 3]: 9 Slices, 9 Gemms, one Concat + Transpose
 * ```
 */
export function convWeightGradientGemm(ctx: GradContext, x: string, dY: string, g: WindowGeometry, channels: number, outChannels: number): string {
  const n = g.kernel.length;
  const spatial = Array.from({ length: n }, (_, i) => i + 2);
  let xt = ctx.op('Transpose', [x], { perm: [1, 0, ...spatial] });
  if ([...g.padsBegin, ...g.padsEnd].some((p) => p > 0)) xt = ctx.op('Pad', [xt, ctx.constI64([0, 0, ...g.padsBegin, 0, 0, ...g.padsEnd])]);
  const dy = channelMajor(ctx, dY, outChannels, n);
  const taps = g.kernel.reduce<number[][]>((acc, k) => acc.flatMap((t) => Array.from({ length: k }, (_, j) => [...t, j])), [[]]);
  const once = <T>(make: () => T): (() => T) => { let v: T | undefined; return () => (v ??= make()); };
  const axes = once(() => ctx.constI64(spatial)), steps = once(() => ctx.constI64([...g.strides]));
  const rows = ctx.constI64([channels, -1]);
  const parts = taps.map((tap) => {
    const starts = tap.map((a, i) => a * g.dilations[i]!);
    const ends = starts.map((b, i) => b + (g.outSize[i]! - 1) * g.strides[i]! + 1);
    const whole = starts.every((b, i) => b === 0 && ends[i] === g.inSize[i]! + g.padsBegin[i]! + g.padsEnd[i]! && g.strides[i] === 1);
    const window = whole ? xt : ctx.op('Slice', [xt, ctx.constI64(starts), ctx.constI64(ends), axes(), steps()]);
    return ctx.op('Gemm', [dy, ctx.op('Reshape', [window, rows])], { transB: 1 });
  });
  const shape = ctx.constI64([outChannels, channels, ...g.kernel]);
  if (parts.length === 1) return ctx.op('Reshape', [parts[0]!, shape]);
  // NOTE: [taps, M·C] → [M·C, taps] as one 2-D Transpose: ~1.5× cheaper in ORT than a Concat on a new last axis
  const stacked = ctx.op('Reshape', [ctx.op('Concat', parts, { axis: 0 }), ctx.constI64([parts.length, -1])]);
  return ctx.op('Reshape', [ctx.op('Transpose', [stacked], { perm: [1, 0] }), shape]);
}
