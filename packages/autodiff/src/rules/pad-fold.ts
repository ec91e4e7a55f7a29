/**
 * The gradient of Pad in modes reflect, edge and wrap. Those pads are separable (one axis after another gives
 * the same tensor), so the adjoint folds one padded axis at a time: with d the axis's input size and b, e its
 * begin and end pads, the centre slab dY[b, b + d) plus each padded slab added onto the elements it copied:
 * - edge: Σ dY[0, b) onto element 0, Σ dY[b + d, …) onto element d − 1;
 * - reflect (Y[b − k] = X[k]): dY[0, b) reversed onto [1, b], dY[b + d, …) reversed onto [d − 1 − e, d − 2];
 * - wrap (Y[i] = X[(i − b) mod d]): dY[0, b) onto [d − b, d), dY[b + d, …) onto [0, e).
 * Each slab reaches its place as a zero-padded (constant Pad) tensor of dX's shape on that axis.
 */
import type { Dim } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';

/** The non-constant Pad modes this file differentiates. */
export type FoldMode = 'reflect' | 'edge' | 'wrap';

/**
 * Why a reflect/edge/wrap pad cannot be folded back (negative pads, a symbolic padded axis, a reflection or
 * wrap wider than the axis), or undefined.
 *
 * @example
 * ```ts
 * foldUnsupported('reflect', [1, 3, 4, 4], [0, 0, 4, 1, 0, 0, 1, 1]); // 'mode reflect pads axis 2 by 4 and 1 but it has only 4 elements (at most 3 each)'
 * ```
 */
export function foldUnsupported(mode: string, dims: readonly Dim[], pads: readonly number[]): string | undefined {
  const rank = dims.length;
  for (let a = 0; a < rank; a++) {
    const b = pads[a]!, e = pads[a + rank]!, d = dims[a]!;
    if (b === 0 && e === 0) continue;
    if (b < 0 || e < 0) return `mode ${mode} with negative pads (a crop) is not supported; crop with Slice instead`;
    if (typeof d !== 'number') return `mode ${mode} pads axis ${a}, whose size '${d}' is not static (give inputShapes with numbers)`;
    const most = mode === 'reflect' ? d - 1 : mode === 'wrap' ? d : Infinity;
    if (b > most || e > most) return `mode ${mode} pads axis ${a} by ${b} and ${e} but it has only ${d} elements (at most ${most} each)`;
  }
  return undefined;
}

/** `t` sliced to [start, end) along `axis`, reversed when `reverse`. */
function slab(ctx: GradContext, t: string, axis: number, start: number, end: number, reverse: boolean): string {
  const args = reverse ? [end - 1, start - 1 < 0 ? Number.MIN_SAFE_INTEGER : start - 1, -1] : [start, end, 1];
  return ctx.op('Slice', [t, ctx.constI64([args[0]!]), ctx.constI64([args[1]!]), ctx.constI64([axis]), ctx.constI64([args[2]!])]);
}

/** `t` zero-padded by `before` and `after` along `axis` of a rank-`rank` tensor. */
function place(ctx: GradContext, t: string, axis: number, rank: number, before: number, after: number): string {
  if (before === 0 && after === 0) return t;
  const pads = new Array<number>(2 * rank).fill(0);
  pads[axis] = before;
  pads[axis + rank] = after;
  return ctx.op('Pad', [t, ctx.constI64(pads)], { mode: 'constant' });
}

/**
 * dX of `Pad(X, pads, mode)` from dY (every padded axis of `dims` static, pads ≥ 0: see {@link foldUnsupported}).
 *
 * @example
 * ```ts
 * foldPadding(ctx, dY, [1, 3, 8, 8], [0, 0, 1, 1, 0, 0, 1, 1], 'reflect');
 * ```
 */
export function foldPadding(ctx: GradContext, dY: string, dims: readonly number[], pads: readonly number[], mode: FoldMode): string {
  const rank = dims.length;
  let g = dY;
  for (let a = 0; a < rank; a++) {
    const b = pads[a]!, e = pads[a + rank]!, d = dims[a]!;
    if (b === 0 && e === 0) continue;
    const parts = [slab(ctx, g, a, b, b + d, false)];
    if (b > 0) {
      if (mode === 'edge') parts.push(place(ctx, ctx.reduceSum(slab(ctx, g, a, 0, b, false), [a], true), a, rank, 0, d - 1));
      else if (mode === 'reflect') parts.push(place(ctx, slab(ctx, g, a, 0, b, true), a, rank, 1, d - 1 - b));
      else parts.push(place(ctx, slab(ctx, g, a, 0, b, false), a, rank, d - b, 0));
    }
    if (e > 0) {
      if (mode === 'edge') parts.push(place(ctx, ctx.reduceSum(slab(ctx, g, a, b + d, b + d + e, false), [a], true), a, rank, d - 1, 0));
      else if (mode === 'reflect') parts.push(place(ctx, slab(ctx, g, a, b + d, b + d + e, true), a, rank, d - 1 - e, 1));
      else parts.push(place(ctx, slab(ctx, g, a, b + d, b + d + e, false), a, rank, 0, d - e));
    }
    g = parts.length === 1 ? parts[0]! : ctx.op('Sum', parts);
  }
  return g;
}
