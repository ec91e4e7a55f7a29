/**
 * Frozen (inference-mode) BatchNormalization, an affine map per channel:
 * Y = scale · (X − mean) · inv + B with inv = 1/√(var + ε) from the RUNNING statistics. With x̂ = (X − mean) · inv:
 * dX = dY · scale · inv, dScale = Σ dY · x̂, dB = Σ dY, dMean = −scale · inv · Σ dY,
 * dVar = −½ · scale · inv² · Σ dY · x̂ (sums over every axis but 1).
 */
import type { NodeProto } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';
import { batchNormAttributes, perChannel, statisticsAxes } from './batch-norm-common.js';

/**
 * The gradients of X, scale, B, input_mean and input_var of a frozen BatchNormalization (undefined where not wanted).
 *
 * @example
 * ```ts
 * const [dX, dScale, dB] = frozenBatchNormBackward(ctx, node, dY, [true, true, true, false, false]);
 * ```
 */
export function frozenBatchNormBackward(ctx: GradContext, node: NodeProto, dY: string, wants: readonly boolean[]): (string | undefined)[] {
  const [x, scale, , mean, variance] = node.input!;
  const rank = ctx.dims(x!).length;
  const axes = statisticsAxes(rank);
  const { epsilon } = batchNormAttributes(node);
  const inv = ctx.op('Reciprocal', [ctx.op('Sqrt', [ctx.op('Add', [variance!, ctx.constF32([epsilon])])])]);
  const gain = ctx.op('Mul', [scale!, inv]);
  const dX = wants[0] ? ctx.op('Mul', [dY, perChannel(ctx, gain, rank)]) : undefined;
  const sumDY = wants[2] || wants[3] ? ctx.reduceSum(dY, axes, false) : undefined;
  let sumDYXhat: string | undefined;
  if (wants[1] || wants[4]) {
    const xhat = ctx.op('Mul', [ctx.op('Sub', [x!, perChannel(ctx, mean!, rank)]), perChannel(ctx, inv, rank)]);
    sumDYXhat = ctx.reduceSum(ctx.op('Mul', [dY, xhat]), axes, false);
  }
  const dMean = wants[3] ? ctx.op('Neg', [ctx.op('Mul', [gain, sumDY!])]) : undefined;
  const dVar = wants[4] ? ctx.op('Mul', [sumDYXhat!, ctx.op('Mul', [ctx.op('Mul', [gain, inv]), ctx.constF32([-0.5])])]) : undefined;
  return [dX, wants[1] ? sumDYXhat : undefined, wants[2] ? sumDY : undefined, dMean, dVar];
}
