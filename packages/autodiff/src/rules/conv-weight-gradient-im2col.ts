/**
 * The weight gradient of an ungrouped Conv as one Gemm over every tap's window at once: a depthwise Conv with
 * one-hot kernels copies, for each input channel c and kernel tap t, the input window that tap reads into
 * channel c·T + t (an im2col on ONNX Runtime's multi-threaded Conv), and dW [M, C·T] = dY′ [M, N·P] · colsᵀ.
 */
import type { GradContext } from '../gradient-rule.js';
import type { WindowGeometry } from './conv-geometry.js';
import { channelMajor, prefersGemmWeightGradient } from './conv-weight-gradient-gemm.js';

/**
 * The widest last output axis at which stride-1 convs take the im2col form. NOTE: measured on onnxruntime-node
 * 1.30 CPU, 2 threads, batch 32 (best of 3×16 runs, dW alone; `convWeightGradientGemm` → this form):
 * 3×3/1 512→512 at 7×7 out: 30.1 → 24.6 ms; 256→256 at 14×14: 27.0 → 27.3; 128→128 at 28×28: 30.4 → 34.0;
 * batch 64, the seeds' CNN 3×3 128→128 at 16×16: 26.6 → 26.7, 5×5 32→64 at 64×64: 199 → 215. Strided convs
 * gain at every size (the per-tap Slices copy single elements): 3×3/2 256→512 14→7: 22.4 → 12.1; 128→256
 * 28→14: 20.8 → 14.9; 64→128 56→28: 35.9 → 19.1; 1×1/2 256→512: 2.4 → 1.6.
 *
 * @example
 * ```ts
 * IM2COL_MAX_ROW; // 8
 * ```
 */
export const IM2COL_MAX_ROW = 8;

/**
 * True when {@link convWeightGradientIm2col} should write the weight gradient: an ungrouped conv with at least
 * as many input channels as kernel taps (as {@link prefersGemmWeightGradient}), strided, or with more than one
 * tap and output rows of at most {@link IM2COL_MAX_ROW} values (where the per-tap Slices copy rows too short to
 * stream; a 1×1 stride-1 conv's single Gemm reads X as it is).
 * NOTE: the one-hot Conv's output holds Πk copies of the input (Πk / Πs of it when strided), so wide
 * stride-1 layers, where this form is no faster, keep the per-tap Gemms.
 *
 * @example
 * ```ts
 * prefersIm2colWeightGradient(layer4Geometry, 1, 512); // true: 3×3 at 7×7
 * prefersIm2colWeightGradient(geometry28x28, 1, 128);  // false
 * ```
 */
export function prefersIm2colWeightGradient(g: WindowGeometry, group: number, channels: number): boolean {
  if (!prefersGemmWeightGradient(g.kernel, group, channels)) return false;
  if (g.strides.some((s) => s > 1)) return true;
  const taps = g.kernel.reduce((a, b) => a * b, 1);
  // a 1×1 stride-1 conv's per-tap Gemm reads X itself (no Slice): nothing to gather
  return taps > 1 && g.outSize[g.outSize.length - 1]! <= IM2COL_MAX_ROW;
}

/**
 * dW [M, C, …k] of an ungrouped `Conv(x, W)` from `dY` [N, M, …out]: cols = Conv(x, E, group C) with E
 * [C·T, 1, …k] the one-hot kernels (E[c·T + t, 0, tap t] = 1) and the forward's strides, dilations and explicit
 * pads, so cols[n, c·T + t] is the window tap t reads; then Transpose to [C·T, N, …out], Reshape to [C·T, N·P],
 * and dW = Reshape(Gemm(dY′, cols, transB), [M, C, …k]) with dY′ = Transpose(dY) as [M, N·P]. Exact: each copy
 * is one product by 1 plus products by 0. The batch may be symbolic (Reshape with −1).
 *
 * @example
 * ```ts
 * convWeightGradientIm2col(ctx, 'x', 'dY', geometry, 512, 512); // [512, 512, 3, 3]: one Conv, one Gemm
 * ```
 */
export function convWeightGradientIm2col(ctx: GradContext, x: string, dY: string, g: WindowGeometry, channels: number, outChannels: number): string {
  const taps = g.kernel.reduce((a, b) => a * b, 1);
  const onehot = new Float32Array(channels * taps * taps);
  for (let c = 0; c < channels; c++) for (let t = 0; t < taps; t++) onehot[(c * taps + t) * taps + t] = 1;
  const windows = ctx.op('Conv', [x, ctx.constF32(onehot, [channels * taps, 1, ...g.kernel])], {
    group: channels, kernel_shape: [...g.kernel], strides: [...g.strides], dilations: [...g.dilations], pads: [...g.padsBegin, ...g.padsEnd],
  });
  const cols = channelMajor(ctx, windows, channels * taps, g.kernel.length);
  const dy = channelMajor(ctx, dY, outChannels, g.kernel.length);
  return ctx.op('Reshape', [ctx.op('Gemm', [dy, cols], { transB: 1 }), ctx.constI64([outChannels, channels, ...g.kernel])]);
}
