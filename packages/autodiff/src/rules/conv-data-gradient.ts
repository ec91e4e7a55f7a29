/**
 * The data gradient of a Conv, dX from dY and W, in one of two equal forms chosen by geometry:
 * `ConvTranspose(dY, W)` (any strides, dilations, groups) or, for stride-1 ungrouped convolutions with at
 * enough input channels (`GradientForms`: 64 by default, 16 on NCHWc kernels), a plain `Conv(dY, W̃)` with W̃ the spatially flipped, channel-transposed kernel
 * (the "full" correlation).
 */
import { DEFAULT_GRADIENT_FORMS, type GradContext } from '../gradient-rule.js';
import { transposeAttributes, type WindowGeometry } from './conv-geometry.js';

/** ONNX's recommended Slice end for "through index 0" with a negative step (−2⁶³, exact as a double). */
const INT64_MIN = -(2 ** 63);

/**
 * Which form {@link convDataGradient} writes for a conv of `channels` input channels: 'flipped-conv' when every
 * stride is 1, the conv is ungrouped, C ≥ `minChannels` (64 by default; `GradientForms`) and no pad is larger
 * than the dilated kernel reach (k−1)·d (so the full correlation's pads (k−1)·d − p are not negative), else
 * 'conv-transpose'.
 * NOTE: C is the flipped Conv's output channel count, the row count of each of its matrix products: measured
 * on onnxruntime-node 1.30 CPU (weights fed as inputs; dX + dW + forward, CPU ms, 1 / 2 threads), the flipped
 * Conv wins from C = 64 on (3×3 64→64 at 32×32 batch 64: 134 → 128 / 165 → 158; 128→128 at 16×16: 112 →
 * 104 / 137 → 125; 256→256 at 14×14 batch 32: 149 → 140; 512→512 at 7×7: 173 → 163) and loses below (3×3
 * 32→64: 66 → 72 / 79 → 86; the seeds' CNN's first layer, 6×6 3→32 at 64×64: 87 → 154). On ORT's NCHWc
 * kernels (@kenobi/learn lowers CPU Convs to them) the flipped Conv wins from 16 channels: the seeds' CNN step at
 * batch 32, 2 threads, 716 → 613 ms CPU with its 5×5 32→64 layer's dX a lowered flipped Conv.
 *
 * @example
 * ```ts
 * dataGradientForm(windowGeometry(conv3x3pad1, [7, 7], [3, 3], false), 1, 512); // 'flipped-conv'
 * dataGradientForm(windowGeometry(conv3x3pad1, [7, 7], [3, 3], false), 1, 32);  // 'conv-transpose'
 * dataGradientForm(windowGeometry(conv3x3s2, [14, 14], [3, 3], false), 1, 256); // 'conv-transpose'
 * dataGradientForm(windowGeometry(conv3x3pad1, [7, 7], [3, 3], false), 1, 32, 16); // 'flipped-conv' (NCHWc kernels)
 * ```
 */
export function dataGradientForm(g: WindowGeometry, group: number, channels: number, minChannels = DEFAULT_GRADIENT_FORMS.flippedConvMinChannels): 'flipped-conv' | 'conv-transpose' {
  const fits = g.kernel.every((k, i) => (k - 1) * g.dilations[i]! >= Math.max(g.padsBegin[i]!, g.padsEnd[i]!));
  return group === 1 && channels >= minChannels && g.strides.every((s) => s === 1) && fits ? 'flipped-conv' : 'conv-transpose';
}

/**
 * dX [N, C, …H] of `Conv(x, W, group)` (C = `channels`) from `dY` [N, M, …out] and `w` [M, C/g, …k].
 * - 'conv-transpose': `ConvTranspose(dY, W)` with the forward's strides, dilations and groups, explicit pads and
 *   output_padding ({@link transposeAttributes}).
 * - 'flipped-conv' (stride 1, group 1, C ≥ 64): dX[n, c, h] = Σ_m Σ_a dY[n, m, h + p − a·d] · W[m, c, a] is
 *   the Conv of dY with W̃[c, m, a] = W[m, c, k−1−a], dilations d and pads (k−1)·d − pb, (k−1)·d − pe, so its
 *   output is exactly H long. W̃ is `Transpose(W, [1, 0, …])` then one `Slice` with step −1 on every spatial
 *   axis: tiny next to either product.
 *
 * @example
 * ```ts
 * convDataGradient(ctx, 'dY', 'w', geometry, 1, 512); // 3×3 pad 1, 512 channels: Conv(dY, Slice(Transpose(w), step −1))
 * ```
 */
export function convDataGradient(ctx: GradContext, dY: string, w: string, g: WindowGeometry, group: number, channels: number): string {
  if (dataGradientForm(g, group, channels, ctx.forms.flippedConvMinChannels) === 'conv-transpose') return ctx.op('ConvTranspose', [dY, w], { ...transposeAttributes(g), group });
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
