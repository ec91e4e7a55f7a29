/**
 * LRN across channels: S = bias + α/size · Σwin X², Y = X · S^−β, the window of channel c being
 * [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] (clipped to the channels). Then
 * dX = dY · S^−β − (2αβ/size) · X · ΣwinT(dY · Y / S), where ΣwinT sums over the channels whose window holds c:
 * [c − ⌈(size−1)/2⌉, c + ⌊(size−1)/2⌋], the forward window with its two pads swapped (they differ for even sizes).
 * Both window sums are a Conv over the [N, 1, C, D1·D2·…] view of the tensor with a ones kernel [1, 1, size, 1].
 *
 * The forward is rewritten in the same primitive ops for every size: ONNX Runtime 1.30's LRN kernel (CPU and
 * WASM) refuses even sizes at session creation ("size_ % 2 == 1 was false"), which the ONNX spec allows, and the
 * backward reuses the forward's S and S^−β instead of computing them twice.
 */
import type { GradContext, GradientRule } from '../gradient-rule.js';
import { attrFloat, attrIntOr } from './attributes.js';
import { saveForward, savedForward } from './saved-forward.js';

/** Σ over a window of channels: Conv of a [N, 1, C, rest] view with a ones kernel [1, 1, size, 1], `before`/`after` zero padding. */
function windowSum(ctx: GradContext, view: string, size: number, before: number, after: number): string {
  const ones = ctx.constF32(new Float32Array(size).fill(1), [1, 1, size, 1]);
  return ctx.op('Conv', [view, ones], { pads: [before, 0, after, 0] });
}

/** The channels a window reaches below (`lo`) and above (`hi`) its own: lo = ⌊(size−1)/2⌋, hi = ⌈(size−1)/2⌉. */
function windowReach(size: number): { lo: number; hi: number } {
  const lo = Math.floor((size - 1) / 2);
  return { lo, hi: size - 1 - lo };
}

/**
 * The gradient rule of `LRN`.
 *
 * @example
 * ```ts
 * gradientRule('LRN') === lrnRule; // true
 * ```
 */
export const lrnRule: GradientRule = {
  opType: 'LRN',
  unsupported(node, ctx) {
    const size = attrIntOr(node, 'size', 0);
    if (!Number.isInteger(size) || size < 1) return `size ${size}: the (required) size attribute must be a positive integer`;
    const dims = ctx.dimsOrUndefined(node.input?.[0] ?? '');
    if (dims && dims.length < 2) return `input rank ${dims.length}: LRN needs [N, C, …]`;
    if (dims && typeof dims[1] !== 'number') return `the channel count of '${node.input![0]}' is not known statically (give inputShapes)`;
    return undefined;
  },
  trainingForward(ctx, node) {
    const x = node.input![0]!;
    const channels = ctx.dims(x)[1] as number;
    const size = attrIntOr(node, 'size', 0);
    const alpha = attrFloat(node, 'alpha', 1e-4), beta = attrFloat(node, 'beta', 0.75), bias = attrFloat(node, 'bias', 1);
    const { lo, hi } = windowReach(size);
    // NOTE: Reshape's 0 copies the (possibly symbolic) batch dim; -1 folds every spatial axis into one.
    const viewShape = ctx.constI64([0, 1, channels, -1]);
    const x4 = ctx.op('Reshape', [x, viewShape]);
    const s = ctx.op('Add', [ctx.op('Mul', [windowSum(ctx, ctx.op('Mul', [x4, x4]), size, lo, hi), ctx.constF32([alpha / size])]), ctx.constF32([bias])]);
    const sPow = ctx.op('Pow', [s, ctx.constF32([-beta])]);
    const y4 = ctx.op('Mul', [x4, sPow]);
    ctx.opNamed('Reshape', [y4, ctx.op('Shape', [x])], {}, [node.output![0]!]);
    saveForward(ctx, node, { viewShape, x4, s, sPow, y4 });
    return true;
  },
  backward(ctx, node, [dY], [wantX]) {
    if (!wantX || !dY) return [undefined];
    const x = node.input![0]!;
    const size = attrIntOr(node, 'size', 0);
    const alpha = attrFloat(node, 'alpha', 1e-4), beta = attrFloat(node, 'beta', 0.75);
    const { lo, hi } = windowReach(size);
    const { viewShape, x4, s, sPow, y4 } = savedForward(ctx, node, ['viewShape', 'x4', 's', 'sPow', 'y4']);
    const dY4 = ctx.op('Reshape', [dY, viewShape]);
    const t = ctx.op('Div', [ctx.op('Mul', [dY4, y4]), s]);
    const cross = ctx.op('Mul', [ctx.op('Mul', [x4, windowSum(ctx, t, size, hi, lo)]), ctx.constF32([(2 * alpha * beta) / size])]);
    const dX4 = ctx.op('Sub', [ctx.op('Mul', [dY4, sPow]), cross]);
    return [ctx.op('Reshape', [dX4, ctx.op('Shape', [x])])];
  },
};
