/**
 * BatchNormalization's steps after `is_test` (is-test.ts): `spatial` (removed at 9; must be 1, per-channel
 * statistics) and the training outputs (at 14 the optional outputs became running statistics of
 * training_mode=1 only).
 */
import { intValue, takeAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-9 step: drops `spatial=1`; refuses `spatial=0` (per-activation statistics, whose parameters have
 * the input's spatial shape) unless the input is 2-D, where the two are the same.
 *
 * @example
 * ```ts
 * dropSpatial(bn7, ctx); // BatchNormalization-7 {spatial: 1} → BatchNormalization-9 {}
 * ```
 */
export const dropSpatial: UpgradeStep = (node, ctx) => {
  const spatial = takeAttr(node, 'spatial');
  if (!spatial || intValue(spatial) === 1) return;
  const rank = ctx.dims(node.input?.[0] ?? '')?.length;
  if (rank === 2) return;
  return ctx.refuse(`spatial=${intValue(spatial)} (statistics per activation, not per channel) has no equivalent from opset 9 on${rank === undefined ? ' (the input rank is unknown)' : ` for a ${rank}-D input`}`, {
    code: 'autodiff/unsupported-attribute',
    // NOTE: MXNet's exporter wrote spatial=0 where it meant 1 until 2020; the zoo's ResNet files were remade (onnx/models#294)
    hint: 'an MXNet export from before 2020 may say spatial=0 by mistake: take the current zoo file, or re-export',
  });
};

/**
 * The opset-14 step: a node that writes only Y (inference mode) is unchanged. Below 14 the optional outputs
 * (mean, var, saved_mean, saved_var) put the node in training mode: ONNX Runtime then normalizes with the batch
 * statistics even when nothing reads them (measured on ORT 1.30), so such a node is refused.
 *
 * @example
 * ```ts
 * bnTrainingOutputs(bn9, ctx); // BatchNormalization-9 → Y only → BatchNormalization-14, training_mode 0
 * ```
 */
export const bnTrainingOutputs: UpgradeStep = (node, ctx) => {
  const extra = (node.output ?? []).slice(1).filter((o) => o);
  if (extra.length > 0) {
    ctx.refuse(`it writes the training outputs ${extra.map((o) => `'${o}'`).join(', ')}: below opset 14 that makes it normalize with batch statistics`, {
      code: 'autodiff/unsupported-attribute',
      hint: 'remove the extra outputs (inference mode uses the running statistics), then upgrade',
    });
  }
  node.output = (node.output ?? []).slice(0, 1);
};
