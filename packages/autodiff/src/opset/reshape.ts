/**
 * Reshape-1 takes the new shape as the `shape` attribute (0 copies a dim, −1 is inferred, as from opset 5);
 * opset 5 made it the int64 input 1.
 */
import { dropConsumedInputs } from './consumed-inputs.js';
import { moveIntsToInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-5 step of Reshape.
 *
 * @example
 * ```ts
 * reshapeShapeInput(reshape1, ctx); // Reshape(x) {shape: [1, 256]} → Reshape(x, [1, 256])
 * ```
 */
export const reshapeShapeInput: UpgradeStep = (node, ctx) => {
  dropConsumedInputs(node, ctx);
  if (!moveIntsToInput(node, ctx, 'shape', 1) && !node.input?.[1]) {
    return ctx.refuse('it has no `shape` attribute (opset 1 reads the new shape from it)', { code: 'autodiff/unsupported-attribute' });
  }
};
