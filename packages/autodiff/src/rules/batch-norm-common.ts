/** What BatchNormalization's frozen and training gradients share: its attributes, axes and per-channel views. */
import type { NodeProto } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';
import { attrFloat } from './attributes.js';

/**
 * BatchNormalization's FLOAT attributes with ONNX's defaults.
 *
 * @example
 * ```ts
 * const { epsilon, momentum }: BatchNormAttributes = batchNormAttributes(node); // 1e-5, 0.9 by default
 * ```
 */
export interface BatchNormAttributes {
  readonly epsilon: number;
  readonly momentum: number;
}

/**
 * The node's epsilon (default 1e-5) and momentum (default 0.9, ONNX's: running · momentum + batch · (1 − momentum)).
 *
 * @example
 * ```ts
 * batchNormAttributes(node); // { epsilon: 1e-5, momentum: 0.9 }
 * ```
 */
export function batchNormAttributes(node: NodeProto): BatchNormAttributes {
  return { epsilon: attrFloat(node, 'epsilon', 1e-5), momentum: attrFloat(node, 'momentum', 0.9) };
}

/**
 * Every axis of a rank-`rank` input but the channel axis 1: the axes the statistics reduce over.
 *
 * @example
 * ```ts
 * statisticsAxes(4); // [0, 2, 3]
 * statisticsAxes(2); // [0]
 * ```
 */
export function statisticsAxes(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
}

/**
 * A per-channel tensor [C] shaped to broadcast against an [N, C, D1, …] input: [C, 1, …, 1] (unchanged for rank 2).
 *
 * @example
 * ```ts
 * perChannel(ctx, 'bn.scale', 4); // Unsqueeze(bn.scale, [1, 2]) → [C, 1, 1]
 * ```
 */
export function perChannel(ctx: GradContext, c: string, rank: number): string {
  if (rank <= 2) return c;
  return ctx.op('Unsqueeze', [c, ctx.constI64(Array.from({ length: rank - 2 }, (_, i) => i + 1))]);
}

/**
 * A [1, C, 1, …] (keepdims) statistic flattened to [C].
 *
 * @example
 * ```ts
 * flatChannels(ctx, mu); // Reshape(mu, [-1])
 * ```
 */
export function flatChannels(ctx: GradContext, t: string): string {
  return ctx.op('Reshape', [t, ctx.constI64([-1])]);
}

/**
 * 1/M, M = the element count per channel (N·D1·…), as a float scalar: a constant when the dims are static, else
 * Size(scale)/Size(X) computed at run time (a symbolic batch).
 *
 * @example
 * ```ts
 * inverseChannelCount(ctx, 'x', 'bn.scale'); // constant 1/32 for x [2, 3, 4, 4]
 * ```
 */
export function inverseChannelCount(ctx: GradContext, x: string, scale: string): string {
  const dims = ctx.dims(x);
  const perChannelDims = dims.filter((_, i) => i !== 1);
  if (perChannelDims.every((d) => typeof d === 'number')) return ctx.constF32([1 / (perChannelDims as number[]).reduce((a, b) => a * b, 1)]);
  const size = (t: string): string => ctx.op('Cast', [ctx.op('Size', [t])], { to: 1 });
  return ctx.op('Div', [size(scale), size(x)]);
}
