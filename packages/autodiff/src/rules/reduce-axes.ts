/** The axes a Reduce* node reduces over, from the attribute (before opset 18) or the constant input (from 13/18). */
import { attrInts, type NodeProto } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';
import { normalizeAxis } from './static-dims.js';

/** What a Reduce* node reduces: nothing (the identity), every axis, or the listed axes (sorted, in [0, rank)). */
export type ReducedAxes = 'none' | 'all' | readonly number[];

/** The axes as written (attribute or constant input), empty when absent. */
function givenAxes(ctx: GradContext, node: NodeProto): number[] {
  return attrInts(node, 'axes', undefined) ?? (node.input?.[1] ? ctx.constantValues(node.input[1])! : []);
}

/**
 * Why the reduction cannot be differentiated (a computed axes input; a no-op reduction whose output static
 * shape inference got wrong, which would mislead the rules after it), or undefined.
 *
 * @example
 * ```ts
 * reduceAxesUnsupported(node, ctx); // 'the axes input is computed at run time; only constant axes are supported'
 * ```
 */
export function reduceAxesUnsupported(node: NodeProto, ctx: GradContext): string | undefined {
  const axesInput = node.input?.[1];
  if (axesInput && !ctx.constantValues(axesInput)) return 'the axes input is computed at run time; only constant axes are supported';
  if (reducedAxes(ctx, node) === 'none') {
    const x = ctx.dimsOrUndefined(node.input![0]!), y = ctx.dimsOrUndefined(node.output![0]!);
    // NOTE: rules downstream size their broadcast sums from these static dims: a wrong one is a silently wrong gradient
    if (x && y && (x.length !== y.length || x.some((d, k) => d !== y[k]))) {
      return `this reduction is a no-op (empty axes, noop_with_empty_axes=1), but static shape inference gives its output dims [${y.join(', ')}] instead of the input's [${x.join(', ')}]; replace it with Identity`;
    }
  }
  return undefined;
}

/**
 * What the node reduces: 'none' (empty axes with noop_with_empty_axes=1), 'all' (empty or absent axes), or the
 * axes normalised to [0, rank) and sorted (reads the input's rank only then).
 *
 * @example
 * ```ts
 * reducedAxes(ctx, node); // [2, 3] for ReduceMean(x [N, C, H, W], axes=[-1, -2])
 * ```
 */
export function reducedAxes(ctx: GradContext, node: NodeProto): ReducedAxes {
  const given = givenAxes(ctx, node);
  if (given.length === 0) return attrIntOr(node, 'noop_with_empty_axes', 0) === 1 ? 'none' : 'all';
  const rank = ctx.dims(node.input![0]!).length;
  return [...new Set(given.map((a) => normalizeAxis(a, rank)))].sort((a, b) => a - b);
}
