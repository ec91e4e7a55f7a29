/**
 * Softmax, LogSoftmax and Hardmax below opset 13 coerce the input to 2-D at `axis` (default 1): dims before
 * `axis` become rows, the rest one row of features, normalized together. From 13 they work along the one axis
 * (default −1). The step rewrites a node whose axis is not the last one to Flatten(axis) → op(axis=1) →
 * Reshape back to Shape(x) (dynamic, so a symbolic batch stays symbolic); with the axis already the last one the
 * two meanings agree and only the attribute is made explicit.
 */
import { onnx } from '@kenobi/onnx';
import { findAttr, intValue, setAttr } from './node-attrs.js';
import type { UpgradeStep } from './upgrade-step.js';

/**
 * The opset-13 step of Softmax, LogSoftmax and Hardmax.
 *
 * @example
 * ```ts
 * softmaxTo13(softmaxNode, ctx); // Softmax-11 (axis 1) on [N, 3, 4, 4] → Flatten(1) → Softmax(1) → Reshape(Shape(x))
 * ```
 */
export const softmaxTo13: UpgradeStep = (node, ctx) => {
  const a = findAttr(node, 'axis');
  const axis = a ? intValue(a) : 1;
  const x = node.input?.[0] ?? '';
  const y = node.output?.[0] ?? '';
  const rank = ctx.dims(x)?.length;
  if (rank !== undefined) {
    const k = axis < 0 ? axis + rank : axis;
    if (k === rank - 1) {
      setAttr(node, 'axis', k);
      return;
    }
  }
  // NOTE: without a known rank the rewrite is still exact, only longer
  const base = node.name || node.op_type || 'softmax';
  const flat = ctx.fresh(`${y}_2d_in`);
  const out2d = ctx.fresh(`${y}_2d_out`);
  const shape = ctx.fresh(`${x}_shape`);
  ctx.before(onnx.NodeProto.create({ op_type: 'Flatten', name: ctx.nodeName(`${base}/flatten`), input: [x], output: [flat], attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: axis })] }));
  node.input = [flat];
  node.output = [out2d];
  setAttr(node, 'axis', 1);
  ctx.after(onnx.NodeProto.create({ op_type: 'Shape', name: ctx.nodeName(`${base}/shape`), input: [x], output: [shape] }));
  ctx.after(onnx.NodeProto.create({ op_type: 'Reshape', name: ctx.nodeName(`${base}/reshape`), input: [out2d, shape], output: [y] }));
};
