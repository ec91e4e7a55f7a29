/**
 * Test support: a float64 interpreter for the ops in {@link REFERENCE_OPS}, so gradients can be checked by
 * finite differences in float64 (ORT CPU has no float64 Conv, ConvTranspose, AveragePool or LRN).
 */
import { graphView, tensorDims, tensorToNumbers, type ModelProto, type TensorProto } from '@kenobi/onnx';
import type { F64Tensor } from './f64-tensor.js';
import { REFERENCE_OPS } from './reference-ops.js';

/** A float64 copy of a TensorProto. */
export function tensorToF64(t: TensorProto): F64Tensor {
  return { data: Float64Array.from(tensorToNumbers(t)), dims: tensorDims(t) };
}

/**
 * Every tensor of the graph, computed in float64 from `feeds` (graph inputs; initializers may be overridden too).
 *
 * @example
 * ```ts
 * evaluateReference(model, { x: { data: Float64Array.of(1, -2), dims: [1, 2] } }).get('y');
 * ```
 */
export function evaluateReference(model: ModelProto, feeds: Readonly<Record<string, F64Tensor>>): Map<string, F64Tensor> {
  const view = graphView(model);
  const values = new Map<string, F64Tensor>();
  for (const [name, t] of view.initializers) values.set(name, tensorToF64(t));
  for (const [name, t] of Object.entries(feeds)) values.set(name, t);
  for (const node of view.nodes) {
    if (node.op_type === 'Constant') {
      const t = node.attribute?.find((a) => a.name === 'value')?.t;
      if (!t) throw new Error(`reference: Constant node '${node.name}' without a tensor value`);
      values.set(node.output![0]!, tensorToF64(t));
      continue;
    }
    const op = REFERENCE_OPS[node.op_type ?? ''];
    if (!op) throw new Error(`reference: no float64 implementation of ${node.op_type}`);
    const inputs = (node.input ?? []).map((i) => {
      if (!i) return undefined;
      const v = values.get(i);
      if (!v) throw new Error(`reference: tensor '${i}' (input of ${node.op_type} '${node.name}') has no value`);
      return v;
    });
    const outs = op(inputs, node);
    (node.output ?? []).forEach((o, k) => { if (o && outs[k]) values.set(o, outs[k]!); });
  }
  return values;
}
