/**
 * ConvTranspose's opset-11 step. Opset 11 swapped which end gets the odd padding when pads are derived from
 * `output_shape` or `auto_pad` SAME_*; explicit pads mean the same in both.
 */
import { findAttr, stringValue } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-11 step of ConvTranspose.
 *
 * @example
 * ```ts
 * convTransposePads(ct1, ctx); // explicit pads: unchanged; output_shape or SAME_*: refused
 * ```
 */
export const convTransposePads: UpgradeStep = (node, ctx) => {
  const autoPad = findAttr(node, 'auto_pad');
  const mode = autoPad ? stringValue(autoPad) : 'NOTSET';
  if (findAttr(node, 'output_shape') || mode === 'SAME_UPPER' || mode === 'SAME_LOWER') {
    return ctx.refuse(`its pads come from ${findAttr(node, 'output_shape') ? '`output_shape`' : `auto_pad=${mode}`}, which opset 11 splits the other way round`, {
      code: 'autodiff/unsupported-attribute',
      hint: 'give explicit pads',
    });
  }
};
