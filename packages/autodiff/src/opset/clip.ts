/**
 * Clip's opset-11 step: `min` and `max` became optional scalar inputs of the input's type (absent: no bound,
 * as the opset-6 defaults ±FLT_MAX are).
 */
import { floatValue, takeAttr } from './node-attrs.js';
import { setInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-11 step of Clip.
 *
 * @example
 * ```ts
 * clipInputs(clip6, ctx); // Clip(x) {min: 0, max: 6} → Clip(x, 0, 6); Clip(x) {max: 6} → Clip(x, '', 6)
 * ```
 */
export const clipInputs: UpgradeStep = (node, ctx) => {
  const dtype = ctx.dtype(node.input?.[0] ?? '');
  const base = node.name || 'Clip';
  const min = takeAttr(node, 'min');
  const max = takeAttr(node, 'max');
  if (min) setInput(node, 1, ctx.constantFloat(`${base}_min`, [floatValue(min)], dtype, []));
  if (max) setInput(node, 2, ctx.constantFloat(`${base}_max`, [floatValue(max)], dtype, []));
};
