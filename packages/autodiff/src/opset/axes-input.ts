/**
 * Opset 13 moved `axes` of Squeeze, Unsqueeze and ReduceSum from an attribute to the optional int64 input 1
 * (same meaning; absent still means every size-1 axis for Squeeze and every axis for ReduceSum), and `split`
 * of Split likewise.
 */
import { moveIntsToInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-13 step of Squeeze and ReduceSum (axes optional).
 *
 * @example
 * ```ts
 * axesInput(squeezeNode, ctx); // Squeeze(x) {axes: [2, 3]} → Squeeze(x, [2, 3])
 * ```
 */
export const axesInput: UpgradeStep = (node, ctx) => {
  moveIntsToInput(node, ctx, 'axes', 1);
};

/**
 * The opset-13 step of Unsqueeze (axes required).
 *
 * @example
 * ```ts
 * unsqueezeAxesInput(unsqueezeNode, ctx); // Unsqueeze(x) {axes: [0]} → Unsqueeze(x, [0])
 * ```
 */
export const unsqueezeAxesInput: UpgradeStep = (node, ctx) => {
  if (!moveIntsToInput(node, ctx, 'axes', 1)) return ctx.refuse('it has no `axes` attribute', { code: 'autodiff/unsupported-attribute' });
};

/**
 * The opset-13 step of Split (split optional: equal parts without it).
 *
 * @example
 * ```ts
 * splitInput(splitNode, ctx); // Split(x) {axis: 1, split: [58, 58]} → Split(x, [58, 58]) {axis: 1}
 * ```
 */
export const splitInput: UpgradeStep = (node, ctx) => {
  moveIntsToInput(node, ctx, 'split', 1);
};
