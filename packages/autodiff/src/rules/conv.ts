/**
 * Conv (1-D, 2-D, 3-D; any strides, pads, dilations, groups, auto_pad, with or without bias):
 * dX by {@link convDataGradient} (ConvTranspose(dY, W) with the forward's strides, dilations and groups,
 * explicit pads and output_padding r = (H + pb + pe − (k−1)·d − 1) mod s; for stride-1 ungrouped convs with
 * C ≥ 64 a Conv with the flipped, transposed kernel); dW, when the conv is ungrouped with C ≥ Πk, by
 * {@link convWeightGradientIm2col} (a one-hot depthwise Conv and one Gemm) where it is strided or its output
 * rows are short, else by {@link convWeightGradientGemm} (one Gemm per kernel tap); otherwise by
 * {@link convWeightGradient} (one grouped Conv);
 * dB = ReduceSum(dY, [0, 2, …]). Both choices depend on static dims only, and each form is exact (the
 * tests check every geometry of either form against float64 finite differences).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr, attrIntsOr, attrStringOr } from './attributes.js';
import { convDataGradient } from './conv-data-gradient.js';
import { windowAttributeProblem, windowGeometry } from './conv-geometry.js';
import { staticDims } from './conv-static-dims.js';
import { convWeightGradient } from './conv-weight-gradient.js';
import { convWeightGradientGemm, prefersGemmWeightGradient } from './conv-weight-gradient-gemm.js';
import { convWeightGradientIm2col, prefersIm2colWeightGradient } from './conv-weight-gradient-im2col.js';

/**
 * The gradient rule of `Conv`.
 *
 * @example
 * ```ts
 * gradientRule('Conv') === convRule; // true
 * // Conv(x [N, 3, 11, 11], W [4, 3, 7, 7], strides 2, pads 3) → dX = ConvTranspose(dY, W, strides 2, pads 3, output_padding 0),
 * // dW = Transpose(Conv(Transpose(x), Transpose(dY))) (3 channels < 49 taps)
 * ```
 */
export const convRule: GradientRule = {
  opType: 'Conv',
  unsupported(node, ctx) {
    const w = ctx.dimsOrUndefined(node.input?.[1] ?? '');
    if (!w) return undefined; // backward reports the unknown shape with its own code
    const rank = w.length - 2;
    if (rank < 1 || rank > 3) return `${rank} spatial axes: only 1-D, 2-D and 3-D convolutions are supported`;
    const kernel = attrIntsOr(node, 'kernel_shape', w.slice(2) as number[]);
    if (kernel.join() !== w.slice(2).join()) return `kernel_shape [${kernel.join(', ')}] does not match the weight's dims [${w.join(', ')}]`;
    const problem = windowAttributeProblem(node, rank);
    if (problem) return problem;
    // NOTE: ONNX Runtime 1.30 refuses to run such a Conv ("Dilation not supported for AutoPadType::SAME_UPPER");
    // refusing here names the node instead of failing later in session.run.
    if (attrStringOr(node, 'auto_pad', 'NOTSET').startsWith('SAME') && attrIntsOr(node, 'dilations', []).some((d) => d !== 1)) {
      return 'auto_pad SAME_* with dilations > 1 (ONNX Runtime cannot run it either): give explicit pads';
    }
    return undefined;
  },
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined, undefined];
    const [x, w, b] = node.input!;
    const [channels, ...inSize] = staticDims(ctx, x!) as [number, ...number[]];
    const [outChannels, , ...kernel] = staticDims(ctx, w!, 0) as [number, number, ...number[]];
    const group = attrIntOr(node, 'group', 1);
    if (group < 1 || channels % group !== 0 || outChannels % group !== 0) ctx.fail('autodiff/unsupported-attribute', `group ${group} does not divide C = ${channels} and M = ${outChannels}`);
    const g = windowGeometry(node, inSize, kernel, false);
    g.outSize.forEach((o, i) => {
      const reach = (o - 1) * g.strides[i]! + (kernel[i]! - 1) * g.dilations[i]! + 1 - g.padsBegin[i]!;
      if (o < 1 || reach < 1) ctx.fail('autodiff/unsupported-attribute', `along spatial axis ${i} no window reads the input (output ${o}, pads ${g.padsBegin[i]}/${g.padsEnd[i]})`);
    });
    const dX = wants[0] ? convDataGradient(ctx, dY, w!, g, group, channels) : undefined;
    const dW = !wants[1] ? undefined
      : prefersIm2colWeightGradient(g, group, channels) ? convWeightGradientIm2col(ctx, x!, dY, g, channels, outChannels)
        : prefersGemmWeightGradient(kernel, group, channels) ? convWeightGradientGemm(ctx, x!, dY, g, channels, outChannels)
          : convWeightGradient(ctx, x!, dY, g, group, channels, outChannels);
    const dB = wants[2] && b ? ctx.reduceSum(dY, [0, ...inSize.map((_, i) => i + 2)], false) : undefined;
    return [dX, dW, dB];
  },
};
