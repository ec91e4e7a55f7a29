/** Concat-1 defaults `axis` to 1; opset 4 made it required. */
import { findAttr, setAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-4 step of Concat: writes the old default axis when the node has none.
 *
 * @example
 * ```ts
 * concatAxis(concat1, ctx); // Concat(a, b) {} → Concat(a, b) {axis: 1}
 * ```
 */
export const concatAxis: UpgradeStep = (node) => {
  if (!findAttr(node, 'axis')) setAttr(node, 'axis', 1);
};
