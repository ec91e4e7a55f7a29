/**
 * Pad (pads as a constant input, optional constant_value input, optional axes input at opset ≥ 18).
 * - mode constant: Y[i] = X[i − begin] inside, the constant outside. With pads ≥ 0, dX is the Slice of dY that
 *   X landed in; with a negative pad (a crop) dX = Pad(dY, −pads): the crop's adjoint pads with zeros, the
 *   padding's adjoint crops. d(constant_value) = ΣdY − ΣdX (the elements that came from the constant).
 * - modes reflect, edge, wrap: per padded axis, the centre slab of dY plus the padded slabs folded back onto the
 *   elements they copied (see pad-fold.ts); these need non-negative pads and a static size on padded axes.
 */
import type { GradContext, GradientRule } from '../gradient-rule.js';
import type { NodeProto } from '@kenobi/onnx';
import { attrStringOr } from './attributes.js';
import { foldPadding, foldUnsupported, type FoldMode } from './pad-fold.js';
import { normalizeAxis } from './static-dims.js';

/** The rank of Pad's input: from the pads when they cover every axis, else from static dims. */
function padRank(ctx: GradContext, node: NodeProto): number {
  return node.input?.[3] ? ctx.dims(node.input[0]!).length : ctx.constantValues(node.input![1]!)!.length / 2;
}

/** Pads as [begin per axis..., end per axis...] over every axis of a rank-`rank` tensor (the axes input spread out). */
function fullPads(ctx: GradContext, node: NodeProto, rank: number): number[] {
  const given = ctx.constantValues(node.input![1]!)!;
  const axesInput = node.input?.[3];
  const axes = axesInput ? ctx.constantValues(axesInput)!.map((a) => normalizeAxis(a, rank)) : [...Array(rank).keys()];
  const pads = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, k) => { pads[a] = given[k]!; pads[a + rank] = given[k + axes.length]!; });
  return pads;
}

/** The gradient of a constant-mode pad. */
function unpadConstant(ctx: GradContext, dY: string, pads: readonly number[], rank: number): string {
  const axes = [...Array(rank).keys()].filter((a) => pads[a] !== 0 || pads[a + rank] !== 0);
  if (axes.length === 0) return dY;
  if (pads.some((p) => p < 0)) return ctx.op('Pad', [dY, ctx.constI64(pads.map((p) => -p))], { mode: 'constant' });
  const starts = axes.map((a) => pads[a]!);
  // NOTE: an end pad of 0 slices to the end (a huge end is clamped), so no static dim is needed: the batch may be symbolic
  const ends = axes.map((a) => (pads[a + rank]! > 0 ? -pads[a + rank]! : Number.MAX_SAFE_INTEGER));
  return ctx.op('Slice', [dY, ctx.constI64(starts), ctx.constI64(ends), ctx.constI64(axes)]);
}

/**
 * The gradient rule of `Pad`.
 *
 * @example
 * ```ts
 * // Pad(x [N, 3, 8, 8], pads=[0, 0, 1, 2, 0, 0, 1, 2]): dX = Slice(dY, starts=[1, 2], ends=[-1, -2], axes=[2, 3])
 * gradientRule('Pad') === padRule; // true
 * ```
 */
export const padRule: GradientRule = {
  opType: 'Pad',
  unsupported(node, ctx) {
    const mode = attrStringOr(node, 'mode', 'constant');
    if (!['constant', 'reflect', 'edge', 'wrap'].includes(mode)) return `mode '${mode}' is not an ONNX Pad mode this rule knows`;
    if (!ctx.constantValues(node.input?.[1] ?? '')) return 'the pads input is computed at run time; only constant pads are supported';
    if (node.input?.[3] && !ctx.constantValues(node.input[3])) return 'the axes input is computed at run time; only constant axes are supported';
    if (mode === 'constant') return undefined;
    const dims = ctx.dimsOrUndefined(node.input![0]!);
    if (!dims) return `mode '${mode}' needs the input's shape (give inputShapes)`;
    return foldUnsupported(mode, dims, fullPads(ctx, node, dims.length));
  },
  backward(ctx, node, [dY], wants) {
    if (!dY) return [undefined, undefined, undefined, undefined];
    const x = node.input![0]!;
    const rank = padRank(ctx, node);
    const pads = fullPads(ctx, node, rank);
    const mode = attrStringOr(node, 'mode', 'constant');
    const dX = mode === 'constant' ? unpadConstant(ctx, dY, pads, rank) : foldPadding(ctx, dY, ctx.dims(x) as number[], pads, mode as FoldMode);
    let dC: string | undefined;
    const c = node.input?.[2];
    if (wants[2] && c && mode === 'constant') {
      const outside = ctx.op('Sub', [ctx.reduceSum(dY, [], false), ctx.reduceSum(dX, [], false)]);
      dC = ctx.op('Reshape', [outside, ctx.op('Shape', [c])]);
    }
    return [wants[0] ? dX : undefined, undefined, dC, undefined];
  },
};
