/**
 * Resize's steps. Resize-10 (and the Upsample it replaced) maps output pixel i to input coordinate i / scale,
 * nearest taking the floor: opset 11's 'asymmetric' coordinates with nearest_mode 'floor'. Opset 11's defaults
 * are 'half_pixel' and 'round_prefer_floor', so both are written out (onnx's version_converter leaves them to
 * the defaults, which moves every pixel). Opset 11 also added the `roi` input (read only by
 * tf_crop_and_resize: given empty); opset 13 dropped the 'tf_half_pixel_for_nn' mode.
 */
import { findAttr, setAttr, stringValue } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-11 step of Resize.
 *
 * @example
 * ```ts
 * resizeCoordinates(resize10, ctx); // Resize(x, scales) {mode: 'nearest'} → Resize(x, roi=[], scales) {asymmetric, floor}
 * ```
 */
export const resizeCoordinates: UpgradeStep = (node, ctx) => {
  const [x, scales] = [node.input?.[0] ?? '', node.input?.[1] ?? ''];
  if (!scales) return ctx.refuse('Resize-10 needs its `scales` input', { code: 'autodiff/unsupported-attribute' });
  node.input = [x, ctx.constantFloat(`${node.name || 'Resize'}_roi`, [], 1, [0]), scales];
  const mode = findAttr(node, 'mode');
  const m = mode ? stringValue(mode) : 'nearest';
  if (m !== 'nearest' && m !== 'linear') return ctx.refuse(`Resize-10 has no mode '${m}'`, { code: 'autodiff/unsupported-attribute' });
  setAttr(node, 'coordinate_transformation_mode', 'asymmetric');
  if (m === 'nearest') setAttr(node, 'nearest_mode', 'floor');
};

/**
 * The opset-13 step of Resize: refuses the removed 'tf_half_pixel_for_nn' coordinates.
 *
 * @example
 * ```ts
 * resizeModes(resize11, ctx); // unchanged unless coordinate_transformation_mode is 'tf_half_pixel_for_nn'
 * ```
 */
export const resizeModes: UpgradeStep = (node, ctx) => {
  const mode = findAttr(node, 'coordinate_transformation_mode');
  if (mode && stringValue(mode) === 'tf_half_pixel_for_nn') {
    return ctx.refuse("coordinate_transformation_mode 'tf_half_pixel_for_nn' was removed in opset 13", { code: 'autodiff/unsupported-attribute' });
  }
};
