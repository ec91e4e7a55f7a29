/**
 * Split-1 takes the part lengths from the `split` attribute or an optional second input, and has no default
 * `axis`; Split-2 only has the attribute and defaults `axis` to 0. (Opset 13's `split` input: axes-input.ts.)
 */
import { findAttr, setAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-2 step of Split: a constant `split` input becomes the attribute; an axis must be given.
 *
 * @example
 * ```ts
 * splitOpset2(split1, ctx); // Split(x, [2, 2]) {axis: 1} → Split(x) {axis: 1, split: [2, 2]}
 * ```
 */
export const splitOpset2: UpgradeStep = (node, ctx) => {
  if (!findAttr(node, 'axis')) return ctx.refuse('Split-1 has no `axis` attribute and no default axis', { code: 'autodiff/unsupported-attribute' });
  const lengths = node.input?.[1];
  if (!lengths) return;
  const values = ctx.constantValues(lengths);
  if (!values) return ctx.refuse(`its split lengths '${lengths}' are computed at run time`, { code: 'autodiff/unsupported-attribute' });
  if (findAttr(node, 'split')) return ctx.refuse('it has both a `split` attribute and a split input', { code: 'autodiff/unsupported-attribute' });
  setAttr(node, 'split', values);
  node.input = node.input!.slice(0, 1);
};
