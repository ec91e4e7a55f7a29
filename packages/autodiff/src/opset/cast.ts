/** Cast-1 names the target type as a string ('FLOAT'); opset 6 made `to` the TensorProto.DataType number. */
import { onnx } from '@kenobi/onnx';
import { findAttr, setAttr, stringValue } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-6 step of Cast.
 *
 * @example
 * ```ts
 * castToNumber(cast1, ctx); // Cast {to: 'FLOAT'} → Cast {to: 1}
 * ```
 */
export const castToNumber: UpgradeStep = (node, ctx) => {
  const to = findAttr(node, 'to');
  if (!to || to.type !== onnx.AttributeProto.AttributeType.STRING) return;
  const name = stringValue(to).toUpperCase();
  const code = (onnx.TensorProto.DataType as unknown as Record<string, number | undefined>)[name];
  if (typeof code !== 'number' || code === 0) return ctx.refuse(`Cast-1 to '${stringValue(to)}' is no ONNX element type`, { code: 'autodiff/unsupported-attribute' });
  setAttr(node, 'to', code);
};
