/**
 * BatchNormalization in training mode, in primitive ops (ORT's own BN with training outputs gives a wrong Y at
 * optimisation level 'all' in some layouts: FINDINGS.md, onnxruntime#29790). With μ and σ² the batch mean and
 * BIASED variance over every axis but 1 (M elements per channel), inv = 1/√(σ² + ε) and x̂ = (X − μ) · inv:
 * forward Y = scale · x̂ + B; backward dB = Σ dY, dScale = Σ x̂ · dY,
 * dX = scale · inv / M · (M · dY − dB − x̂ · dScale) = scale · inv · (dY − (dB + x̂ · dScale) / M).
 */
import type { NodeProto } from '@kenobi/onnx';
import type { GradContext } from '../gradient-rule.js';
import { batchNormAttributes, flatChannels, inverseChannelCount, perChannel, statisticsAxes } from './batch-norm-common.js';
import { saveForward, savedForward } from './saved-forward.js';

/**
 * Emits the training forward of `node` under its own output names, and exposes the batch mean, the biased batch
 * variance and ONNX's updated running statistics as graph outputs (roles 'batch-mean', 'batch-var',
 * 'running-mean', 'running-var'). The node's own optional outputs 1 and 2 (training_mode=1 graphs) get the
 * updated running statistics, as the ONNX spec defines them.
 *
 * @example
 * ```ts
 * trainBatchNormForward(ctx, node); // Y = scale · (X − μ)/√(σ² + ε) + B, plus 4 statistics outputs
 * ```
 */
export function trainBatchNormForward(ctx: GradContext, node: NodeProto): void {
  const [x, scale, bias, mean, variance] = node.input!;
  const [y, runningMeanOut, runningVarOut] = node.output!;
  const rank = ctx.dims(x!).length;
  const axes = statisticsAxes(rank);
  const { epsilon, momentum } = batchNormAttributes(node);
  const mu = ctx.reduceMean(x!, axes, true);
  const centred = ctx.op('Sub', [x!, mu]);
  const batchVar = ctx.reduceMean(ctx.op('Mul', [centred, centred]), axes, true);
  const invStd = ctx.op('Reciprocal', [ctx.op('Sqrt', [ctx.op('Add', [batchVar, ctx.constF32([epsilon])])])]);
  const xhat = ctx.op('Mul', [centred, invStd]);
  ctx.opNamed('Add', [ctx.op('Mul', [xhat, perChannel(ctx, scale!, rank)]), perChannel(ctx, bias!, rank)], {}, [y!]);
  saveForward(ctx, node, { xhat, invStd });

  const key = node.name || y!;
  const channels = ctx.dims(mean!);
  const flatMean = flatChannels(ctx, mu), flatVar = flatChannels(ctx, batchVar);
  const mix = (running: string, batch: string): string => ctx.op('Add', [
    ctx.op('Mul', [running, ctx.constF32([momentum])]),
    ctx.op('Mul', [batch, ctx.constF32([1 - momentum])]),
  ]);
  const newMean = mix(mean!, flatMean), newVar = mix(variance!, flatVar);
  ctx.addOutput(flatMean, `${key}.batch_mean`, channels, { kind: 'batch-mean', node: key });
  ctx.addOutput(flatVar, `${key}.batch_var`, channels, { kind: 'batch-var', node: key });
  ctx.addOutput(newMean, `${key}.running_mean`, channels, { kind: 'running-mean', node: key, updates: mean!, momentum });
  ctx.addOutput(newVar, `${key}.running_var`, channels, { kind: 'running-var', node: key, updates: variance!, momentum });
  for (const [out, value] of [[runningMeanOut, newMean], [runningVarOut, newVar]] as const) {
    if (!out) continue;
    ctx.opNamed('Identity', [value], {}, [out]);
    ctx.setDims(out, channels);
  }
}

/**
 * The gradients of X, scale and B of a training-mode BatchNormalization (the running statistics do not reach Y:
 * their gradients are undefined).
 *
 * @example
 * ```ts
 * const [dX, dScale, dB] = trainBatchNormBackward(ctx, node, dY, [true, true, true, false, false]);
 * ```
 */
export function trainBatchNormBackward(ctx: GradContext, node: NodeProto, dY: string, wants: readonly boolean[]): (string | undefined)[] {
  const [x, scale] = node.input!;
  const rank = ctx.dims(x!).length;
  const axes = statisticsAxes(rank);
  const { xhat, invStd } = savedForward(ctx, node, ['xhat', 'invStd']);
  const dB = wants[0] || wants[2] ? ctx.reduceSum(dY, axes, true) : undefined;
  const dScale = wants[0] || wants[1] ? ctx.reduceSum(ctx.op('Mul', [dY, xhat]), axes, true) : undefined;
  let dX: string | undefined;
  if (wants[0]) {
    const spread = ctx.op('Mul', [ctx.op('Add', [dB!, ctx.op('Mul', [xhat, dScale!])]), inverseChannelCount(ctx, x!, scale!)]);
    dX = ctx.op('Mul', [ctx.op('Sub', [dY, spread]), ctx.op('Mul', [perChannel(ctx, scale!, rank), invStd])]);
  }
  return [dX, wants[1] ? flatChannels(ctx, dScale!) : undefined, wants[2] ? flatChannels(ctx, dB!) : undefined, undefined, undefined];
}
