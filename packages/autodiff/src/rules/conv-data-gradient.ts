/**
 * The data gradient of a Conv, dX from dY and W, in one of two equal forms chosen by geometry:
 * `ConvTranspose(dY, W)` (any strides, dilations, groups) or, for stride-1 ungrouped convolutions, a plain
 * `Conv(dY, W̃)` with W̃ the spatially flipped, channel-transposed kernel ("full" correlation).
 */
import type { GradContext } from '../gradient-rule.js';
import { transposeAttributes, type WindowGeometry } from './conv-geometry.js';

/** ONNX's recommended Slice end for "through index 0" with a negative step (−2⁶³, exact as a double). */
const INT64_MIN = -(2 ** 63);

/**
 * Which form {@link convDataGradient} writes: 'flipped-conv' when every stride is 1, the conv is ungrouped and
 * no pad is larger than the dilated kernel reach (k−1)·d (so the full correlation's pads (k−1)·d − p are not
 * negative), else 'conv-transpose'.
 *
 * @example
 * ```ts
 * dataGradientForm(windowGeometry(conv3x3pad1, [7, 7], [3, 3], false), 1); // 'flipped-conv'
 * dataGradientForm(windowGeometry(conv3x3s2, [14, 14], [3, 3], false), 1); // 'conv-transpose'
 * ```
 */
export function dataGradientForm(g: WindowGeometry, group: number): 'flipped-conv' | 'conv-transpose' {
  const fits = g.kernel.every((k, i) => (k - 1) * g.dilations[i]! >= Math.max(g.padsBegin[i]!, g.padsEnd[i]!));
  return group === 1 && g.strides.every((s) => s === 1) && fits ? 'flipped-conv' : 'conv-transpose';
}

/**
 * dX [N, C, …H] of `Conv(x, W, group)` from `dY` [N, M, …out] and `w` [M, C/g, …k].
 * - 'conv-transpose': `ConvTranspose(dY, W)` with the forward's strides, dilations and groups, explicit pads and
 *   output_padding ({@link transposeAttributes}).
 * - 'flipped-conv' (stride 1, group 1): dX[n, c, h] = Σ_m Σ_a dY[n, m, h + p − a·d] · W[m, c, a] is the Conv of
 *   dY with W̃[c, m, a] = W[m, c, k−1−a], dilations d and pads (k−1)·d − pb, (k−1)·d − pe, so its output is
 *   exactly H long. W̃ is `Transpose(W, [1, 0, …])` then one `Slice` with step −1 on every spatial axis.
 * NOTE: measured on onnxruntime-node 1.30 CPU (weights fed as inputs, 1 thread), the flipped Conv costs
 * 0.8–0.9× the ConvTranspose for 3×3, 5×5 and 2×2 'same' layers (ORT's Conv runs im2col + one Gemm per
 * image; its ConvTranspose runs a Gemm and then a single-threaded col2im); W̃ is tiny next to either.
 *
 * @example
 * ```ts
 * convDataGradient(ctx, 'dY', 'w', geometry, 1); // 3×3 pad 1: Conv(dY, Slice(Transpose(w), step −1))
 * ```
 */
export function convDataGradient(ctx: GradContext, dY: string, w: string, g: WindowGeometry, group: number): string {
  if (dataGradientForm(g, group) === 'conv-transpose') return ctx.op('ConvTranspose', [dY, w], { ...transposeAttributes(g), group });
  const spatial = g.kernel.map((_, i) => i + 2);
  const transposed = ctx.op('Transpose', [w], { perm: [1, 0, ...spatial] });
  const flipped = ctx.op('Slice', [transposed, ctx.constI64(spatial.map(() => -1)), ctx.constI64(spatial.map(() => INT64_MIN)), ctx.constI64(spatial), ctx.constI64(spatial.map(() => -1))]);
  const reach = g.kernel.map((k, i) => (k - 1) * g.dilations[i]!);
  return ctx.op('Conv', [dY, flipped], {
    kernel_shape: [...g.kernel],
    dilations: [...g.dilations],
    pads: [...reach.map((r, i) => r - g.padsBegin[i]!), ...reach.map((r, i) => r - g.padsEnd[i]!)],
  });
}
