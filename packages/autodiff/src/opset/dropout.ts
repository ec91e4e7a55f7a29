/**
 * Dropout's steps after `is_test` (is-test.ts): the mask output became bool at 10, the ratio attribute an
 * input at 12 (absent means 0.5 in both forms). Inference Dropout is the identity at every opset.
 */
import { floatValue, takeAttr } from './node-attrs.js';
import { setInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-10 step: an unread mask output is dropped (its float form would not type-check as bool); a read
 * one is refused.
 *
 * @example
 * ```ts
 * dropoutMask(dropout7, ctx); // outputs ['y', 'mask'] (mask unread) → ['y']
 * ```
 */
export const dropoutMask: UpgradeStep = (node, ctx) => {
  const mask = node.output?.[1];
  if (!mask) return;
  if (ctx.isRead(mask)) {
    ctx.refuse(`its mask output '${mask}' is read: it is float below opset 10 and bool from 10`, { code: 'autodiff/unsupported-attribute' });
  }
  ctx.dropOutput(mask);
  node.output = node.output!.slice(0, 1);
};

/**
 * The opset-12 step: the `ratio` attribute becomes the float32 scalar input 1.
 *
 * @example
 * ```ts
 * dropoutRatioInput(dropout11, ctx); // Dropout {ratio: 0.3} → Dropout(x, 0.3)
 * ```
 */
export const dropoutRatioInput: UpgradeStep = (node, ctx) => {
  const ratio = takeAttr(node, 'ratio');
  if (ratio) setInput(node, 1, ctx.constantFloat(`${node.name || 'Dropout'}_ratio`, [floatValue(ratio)], 1, []));
};
