/**
 * AveragePool (1-D, 2-D, 3-D; pads, strides, dilations, ceil_mode, count_include_pad 0 and 1, auto_pad):
 * every input tap of a window gets dY/count, dX = ConvTranspose(dY · (1/count), ones [C, 1, …k], group = C)
 * with the forward's strides, dilations and explicit pads (see {@link transposeAttributes}). The counts are
 * a constant computed from static dims ({@link inverseWindowCounts}).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr, attrIntsOr, attrStringOr } from './attributes.js';
import { ceilModeOf, transposeAttributes, windowAttributeProblem, windowGeometry } from './conv-geometry.js';
import { staticDims } from './conv-static-dims.js';
import { inverseWindowCounts } from './pool-window-counts.js';

/**
 * The gradient rule of `AveragePool`.
 *
 * @example
 * ```ts
 * gradientRule('AveragePool') === averagePoolRule; // true
 * // AveragePool(x [N, 8, 4, 4], 3×3/1, pads 1, count_include_pad 0) → dX = ConvTranspose(dY · (1/counts [4, 4]), ones [8, 1, 3, 3], group 8, pads 1)
 * ```
 */
export const averagePoolRule: GradientRule = {
  opType: 'AveragePool',
  unsupported(node) {
    const kernel = attrIntsOr(node, 'kernel_shape', []);
    if (kernel.length < 1 || kernel.length > 3) return `kernel_shape [${kernel.join(', ')}]: only 1-D, 2-D and 3-D pools are supported`;
    const autoPad = attrStringOr(node, 'auto_pad', 'NOTSET');
    // NOTE: ONNX Runtime 1.30 pads SAME windows as if undilated (8 → 6 for a 3-tap, dilation-2 window), and
    // how SAME and ceil_mode combine is not pinned down; refuse both rather than guess a geometry.
    if (autoPad.startsWith('SAME') && ceilModeOf(node)) return `auto_pad ${autoPad} with ceil_mode 1 is not supported: give explicit pads`;
    if (autoPad.startsWith('SAME') && attrIntsOr(node, 'dilations', []).some((d) => d !== 1)) return `auto_pad ${autoPad} with dilations > 1 is not supported (ONNX Runtime pads it as if undilated): give explicit pads`;
    return windowAttributeProblem(node, kernel.length);
  },
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const [channels, ...inSize] = staticDims(ctx, node.input![0]!) as [number, ...number[]];
    const kernel = attrIntsOr(node, 'kernel_shape', []);
    const g = windowGeometry(node, inSize, kernel, ceilModeOf(node));
    const inverse = inverseWindowCounts(g, attrIntOr(node, 'count_include_pad', 0) === 1);
    const uniform = inverse.every((v) => v === inverse[0]);
    const scaled = ctx.op('Mul', [dY, uniform ? ctx.constF32([inverse[0]!]) : ctx.constF32(inverse, g.outSize)]);
    const ones = ctx.constF32(new Float32Array(channels * kernel.reduce((a, b) => a * b, 1)).fill(1), [channels, 1, ...kernel]);
    return [ctx.op('ConvTranspose', [scaled, ones], { ...transposeAttributes(g), group: channels })];
  },
};
