/**
 * Slice-1 takes `starts`, `ends` and optional `axes` as attributes (clamped, negative from the end, as from
 * opset 10); opset 10 made them int64 inputs 1–3 and added `steps` (absent: 1).
 */
import { moveIntsToInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-10 step of Slice.
 *
 * @example
 * ```ts
 * sliceInputs(slice1, ctx); // Slice(x) {starts: [1], ends: [3], axes: [1]} → Slice(x, [1], [3], [1])
 * ```
 */
export const sliceInputs: UpgradeStep = (node, ctx) => {
  if (!moveIntsToInput(node, ctx, 'starts', 1) || !moveIntsToInput(node, ctx, 'ends', 2)) {
    return ctx.refuse('Slice-1 needs both `starts` and `ends` attributes', { code: 'autodiff/unsupported-attribute' });
  }
  moveIntsToInput(node, ctx, 'axes', 3);
};
