/**
 * BatchNormalization, in the mode the build asks for (`ctx.mode.batchNorm`):
 * - 'frozen' (default): the node runs as it is, on its running statistics, an affine map (batch-norm-frozen.ts);
 * - 'train': the node is rewritten into primitive ops on the batch statistics, which the graph also outputs with
 *   the updated running statistics (batch-norm-train.ts).
 * The node's own `training_mode` attribute does not choose the mode; a training_mode=1 node is refused in
 * 'frozen' mode (it would normalise with batch statistics while its gradient assumes running ones).
 */
import type { GradientRule } from '../gradient-rule.js';
import { attrIntOr } from './attributes.js';
import { frozenBatchNormBackward } from './batch-norm-frozen.js';
import { trainBatchNormBackward, trainBatchNormForward } from './batch-norm-train.js';

/**
 * The gradient rule of `BatchNormalization` (inputs X, scale, B, input_mean, input_var).
 *
 * @example
 * ```ts
 * gradientRule('BatchNormalization') === batchNormalizationRule; // true
 * buildGradientGraph(model, { loss, wrt: ['bn1.scale', 'bn1.bias'], mode: { batchNorm: 'train' } }).extraOutputs
 *   .map((p) => p.role?.kind); // ['batch-mean', 'batch-var', 'running-mean', 'running-var']
 * ```
 */
export const batchNormalizationRule: GradientRule = {
  opType: 'BatchNormalization',
  unsupported(node, ctx) {
    if ((node.output ?? []).length > 3) return `${node.output!.length} outputs (the saved_mean/saved_var form before opset 14) are not supported`;
    const dims = ctx.dimsOrUndefined(node.input?.[0] ?? '');
    if (dims && dims.length < 2) return `input rank ${dims.length}: BatchNormalization needs [N, C, …]`;
    if (ctx.mode.batchNorm === 'frozen' && attrIntOr(node, 'training_mode', 0) === 1) {
      return "training_mode=1 (batch statistics) in mode batchNorm 'frozen': build with mode { batchNorm: 'train' }, or export the model in inference mode";
    }
    return undefined;
  },
  trainingForward(ctx, node) {
    if (ctx.mode.batchNorm !== 'train') return false;
    trainBatchNormForward(ctx, node);
    return true;
  },
  backward(ctx, node, [dY, dRunningMean, dRunningVar], wants) {
    if (dRunningMean || dRunningVar) {
      ctx.fail('autodiff/unsupported-attribute', 'the loss depends on the running_mean/running_var outputs; gradients through the running statistics are not supported');
    }
    if (!dY) return node.input!.map(() => undefined);
    return ctx.mode.batchNorm === 'train' ? trainBatchNormBackward(ctx, node, dY, wants) : frozenBatchNormBackward(ctx, node, dY, wants);
  },
};
