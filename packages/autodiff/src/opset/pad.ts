/**
 * Pad's steps: opset 2 renamed `paddings` to `pads`; opset 11 made `pads` the int64 input 1 and the constant
 * `value` the scalar input 2 (of the data's type; absent: 0). Modes are unchanged.
 */
import { findAttr, floatValue, intsValue, setAttr, stringValue, takeAttr } from './node-attrs.js';
import { moveIntsToInput, setInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-2 step. Pad-1's text gives `paddings` as [x1_begin, x2_begin, …, x1_end, …] and its example as
 * [x1_begin, x1_end, …]; only paddings that mean the same under both readings are converted.
 *
 * @example
 * ```ts
 * padPaddings(pad1, ctx); // Pad {paddings: [1, 1, 1, 1]} → Pad {pads: [1, 1, 1, 1]}
 * ```
 */
export const padPaddings: UpgradeStep = (node, ctx) => {
  const a = takeAttr(node, 'paddings');
  if (!a) {
    if (!findAttr(node, 'pads')) return ctx.refuse('Pad-1 has no `paddings` attribute', { code: 'autodiff/unsupported-attribute' });
    return;
  }
  const p = intsValue(a);
  const r = p.length / 2;
  const same = Number.isInteger(r) && Array.from({ length: r }, (_, i) => p[i] === p[2 * i] && p[r + i] === p[2 * i + 1]).every(Boolean);
  if (!same) {
    return ctx.refuse(`Pad-1 paddings [${p.join(', ')}] read differently under the two orders its specification gives (all-begins-then-ends, or begin/end per axis)`, {
      code: 'autodiff/unsupported-attribute',
      hint: 'export the model at opset 2 or later',
    });
  }
  setAttr(node, 'pads', p);
};

/**
 * The opset-11 step.
 *
 * @example
 * ```ts
 * padInputs(pad2, ctx); // Pad(x) {pads: [0, 0, 1, 1, 0, 0, 1, 1], value: 0.5} → Pad(x, pads, 0.5)
 * ```
 */
export const padInputs: UpgradeStep = (node, ctx) => {
  if (!moveIntsToInput(node, ctx, 'pads', 1)) return ctx.refuse('it has no `pads` attribute', { code: 'autodiff/unsupported-attribute' });
  const value = takeAttr(node, 'value');
  const mode = findAttr(node, 'mode');
  const constant = !mode || stringValue(mode) === 'constant';
  if (value && constant) setInput(node, 2, ctx.constantFloat(`${node.name || 'Pad'}_value`, [floatValue(value)], ctx.dtype(node.input?.[0] ?? ''), []));
};
