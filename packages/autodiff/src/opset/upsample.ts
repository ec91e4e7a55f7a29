/**
 * Upsample's steps: opset 7 replaced `height_scale`/`width_scale` (4-D only) by `scales` per axis and renamed
 * mode 'bilinear' to 'linear'; opset 9 made `scales` the float input 1; opset 10 deprecated the op for Resize-10
 * (same inputs, same modes). Resize's own steps follow (resize.ts).
 */
import { floatsAttr } from '@kenobi/onnx';
import { findAttr, floatValue, floatsValue, setAttr, stringValue, takeAttr } from './node-attrs.js';
import { setInput } from './inputs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-7 step of Upsample.
 *
 * @example
 * ```ts
 * upsampleScales(upsample1, ctx); // {height_scale: 2, width_scale: 2, mode: 'bilinear'} → {scales: [1, 1, 2, 2], mode: 'linear'}
 * ```
 */
export const upsampleScales: UpgradeStep = (node, ctx) => {
  const h = takeAttr(node, 'height_scale');
  const w = takeAttr(node, 'width_scale');
  if (!h || !w) return ctx.refuse('Upsample-1 needs both `height_scale` and `width_scale`', { code: 'autodiff/unsupported-attribute' });
  const rank = ctx.dims(node.input?.[0] ?? '')?.length;
  if (rank !== undefined && rank !== 4) return ctx.refuse(`Upsample-1 scales a 4-D input only, this one is ${rank}-D`, { code: 'autodiff/unsupported-attribute' });
  setAttr(node, 'scales', floatsAttr([1, 1, floatValue(h), floatValue(w)]));
  const mode = findAttr(node, 'mode');
  if (mode && stringValue(mode) === 'bilinear') setAttr(node, 'mode', 'linear');
};

/**
 * The opset-9 step of Upsample: `scales` becomes a float32 input.
 *
 * @example
 * ```ts
 * upsampleScalesInput(upsample7, ctx); // Upsample(x) {scales: [1, 1, 2, 2]} → Upsample(x, [1, 1, 2, 2])
 * ```
 */
export const upsampleScalesInput: UpgradeStep = (node, ctx) => {
  const scales = takeAttr(node, 'scales');
  if (!scales) return ctx.refuse('Upsample-7 needs `scales`', { code: 'autodiff/unsupported-attribute' });
  const values = floatsValue(scales);
  setInput(node, 1, ctx.constantFloat(`${node.name || 'Upsample'}_scales`, values, 1, [values.length]));
};

/**
 * The opset-10 step of Upsample: the node becomes a Resize-10 (whose steps then run).
 *
 * @example
 * ```ts
 * upsampleToResize(upsample9, ctx); // Upsample(x, scales) {mode} → Resize(x, scales) {mode}
 * ```
 */
export const upsampleToResize: UpgradeStep = (node) => {
  node.op_type = 'Resize';
};
