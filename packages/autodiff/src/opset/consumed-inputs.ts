/**
 * Opset 6 removed `consumed_inputs`, a legacy in-place hint of opset 1 with no effect on values, from every op
 * that had it (element-wise ops, BatchNormalization, Dropout, Reshape, ...): dropping it is exact.
 */
import { takeAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-6 step of the ops that had `consumed_inputs`.
 *
 * @example
 * ```ts
 * dropConsumedInputs(relu1Node, ctx); // Relu-1 {consumed_inputs: [0]} → Relu-6 {}
 * ```
 */
export const dropConsumedInputs: UpgradeStep = (node) => {
  takeAttr(node, 'consumed_inputs');
};
