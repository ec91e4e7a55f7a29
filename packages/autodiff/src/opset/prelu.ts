/**
 * PRelu below opset 7 shares a one-element slope over X or takes a slope of X's shape; from 7 the slope
 * broadcasts numpy-style, which reads those two the same way but would read, say, a per-channel [C] slope along
 * the last axis. Only the two unambiguous forms are converted.
 */
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-7 step of PRelu.
 *
 * @example
 * ```ts
 * preluSlope(prelu6, ctx); // slope [1] or slope of X's dims: unchanged; slope [C] on [N, C, H, W]: refused
 * ```
 */
export const preluSlope: UpgradeStep = (node, ctx) => {
  const x = ctx.dims(node.input?.[0] ?? '');
  const s = ctx.dims(node.input?.[1] ?? '');
  if (s && s.every((d) => d === 1)) return;
  if (x && s && x.length === s.length && x.every((d, k) => d === s[k])) return;
  return ctx.refuse(`its slope [${s?.join(', ') ?? 'unknown'}] is neither one element nor X's shape [${x?.join(', ') ?? 'unknown'}]: numpy broadcasting from opset 7 may read it along other axes`, {
    code: 'autodiff/unsupported-attribute',
  });
};
