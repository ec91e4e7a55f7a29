/**
 * BatchNormalization and Dropout below opset 7 carry `is_test` (default 0); opset 7 removed it. With
 * `is_test=1` the node is in inference mode, which is what opset 7 means for a BatchNormalization that writes
 * only Y and for any Dropout outside training: dropping the flag is exact. An explicit `is_test=0` (training:
 * batch statistics, a random mask) has no inference equivalent and is refused, as onnx's version_converter does.
 */
import { intValue, takeAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-7 step of BatchNormalization and Dropout.
 *
 * @example
 * ```ts
 * dropIsTest(bn6, ctx); // BatchNormalization-6 {is_test: 1, epsilon} → BatchNormalization-7 {epsilon}
 * ```
 */
export const dropIsTest: UpgradeStep = (node, ctx) => {
  const flag = takeAttr(node, 'is_test');
  // NOTE: an absent flag (default 0) is converted like is_test=1, as onnx's version_converter does: the
  // exporters of the zoo's opset 1-6 graphs (caffe2, CNTK) wrote is_test=1 on inference graphs, and a
  // BatchNormalization with Y as its only output is in inference mode from opset 7 on.
  if (flag && intValue(flag) === 0) {
    ctx.refuse('is_test=0 asks for training mode (batch statistics, or a random dropout mask), which opset 7 has no attribute for', {
      code: 'autodiff/unsupported-attribute',
      hint: 'export the model in inference mode (is_test=1)',
    });
  }
};
