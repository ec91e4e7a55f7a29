/**
 * `makeBatchDynamic`: turns a batch dimension fixed at 1 into a symbolic one, repairing the Reshape
 * constants that hard-code it (the ONNX zoo's MNIST, ShuffleNet int8 and the CIFAR ResNet-20 need this).
 */
import { constantTensor, graphView, isConstantDerived } from './graph-view.js';
import { attrInt } from './node-attributes.js';
import { OnnxError } from './onnx-error.js';
import { valueInfoDims } from './static-shapes.js';
import { int64Tensor, tensorToNumbers } from './tensor-data.js';
import { toLong, toSafeNumber } from './long-number.js';
import type { AttributeProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './onnx-types.js';

/** Options for {@link makeBatchDynamic}. */
export interface BatchDynamicOptions {
  /** The symbolic name of the batch dimension. Default 'N'. */
  readonly dimName?: string;
  /** Receives one line per change made (inputs, outputs, Reshapes). */
  readonly report?: (change: string) => void;
}

/**
 * A copy of `model` whose batch dimension (fixed at 1) is symbolic on inputs, outputs and value_info, with
 * every Reshape whose constant shape starts with 1 rewritten to copy the batch (0) or infer it (-1).
 * A model whose batch is already symbolic comes back unchanged. Throws `onnx/batch-repair` where a fix is
 * not safe (batch fixed above 1, a Reshape shape computed from constants at run time, allowzero with -1).
 * Check the result: run one batch of 8 against 8 single runs.
 *
 * @example
 * ```ts
 * const dyn = makeBatchDynamic(loadModelFile('mnist-8.onnx'));
 * // input Input3: ['N', 1, 28, 28]; Reshape shape [1, 256] became [0, 256]
 * ```
 */
export function makeBatchDynamic(model: ModelProto, options: BatchDynamicOptions = {}): ModelProto {
  const view = graphView(model);
  const dimName = options.dimName ?? 'N';
  const report = options.report ?? (() => {});
  let fixed = 0;
  for (const i of view.inputs) {
    const d0 = valueInfoDims(i)?.[0];
    if (typeof d0 === 'number' && d0 > 1) {
      throw new OnnxError('onnx/batch-repair', `input '${i.name}' has its batch fixed at ${d0}; only a batch of 1 can be made dynamic`);
    }
    if (d0 === 1 && (valueInfoDims(i)?.length ?? 0) >= 2) fixed++;
  }
  if (fixed === 0) {
    report('batch already dynamic (no input has a batch fixed at 1)');
    return model;
  }
  const memo = new Map<string, boolean>();
  const retype = (v: ValueInfoProto, kind: string): ValueInfoProto => {
    const dims = v.type?.tensor_type?.shape?.dim;
    if (!dims || dims.length < 2 || valueInfoDims(v)?.[0] !== 1 || isConstantDerived(view, v.name ?? '', memo)) return v;
    if (kind !== 'value_info') report(`${kind} '${v.name}': batch 1 -> ${dimName}`);
    return { ...v, type: { ...v.type, tensor_type: { ...v.type!.tensor_type, shape: { dim: [{ dim_param: dimName }, ...dims.slice(1)] } } } };
  };
  const initNames = new Set(view.initializers.keys());
  const input = (view.graph.input ?? []).map((i) => (initNames.has(i.name ?? '') ? i : retype(i, 'input')));
  const output = (view.graph.output ?? []).map((o) => retype(o, 'output'));
  const valueInfo = (view.graph.value_info ?? []).map((v) => retype(v, 'value_info'));
  const newInits: TensorProto[] = [];
  const newInputs: ValueInfoProto[] = [];
  const irVersion = toSafeNumber(model.ir_version, 'ir_version');
  const nodes = (view.graph.node ?? []).map((n): NodeProto => {
    if (n.op_type !== 'Reshape' || (n.domain ?? '') !== '') return n;
    const data = n.input?.[0] ?? '';
    if (isConstantDerived(view, data, memo)) return n; // reshaping a weight, not a batch
    const label = n.name || n.output?.[0] || 'Reshape';
    const allowZero = attrInt(n, 'allowzero', 0) === 1;
    const shapeAttr = n.attribute?.find((a) => a.name === 'shape');
    const shapeName = n.input?.[1];
    let values: number[];
    if (shapeAttr) values = (shapeAttr.ints ?? []).map((v) => toSafeNumber(v));
    else {
      const t = shapeName ? constantTensor(view, shapeName) : undefined;
      if (!t) {
        if (shapeName && isConstantDerived(view, shapeName, memo)) {
          throw new OnnxError('onnx/batch-repair', `Reshape '${label}' computes its shape from constants at run time ('${shapeName}'); Kenobi cannot tell whether it fixes the batch`, { hint: 'constant-fold the model first (e.g. onnxsim), then retry' });
        }
        return n; // shape computed from the data itself: already batch-agnostic
      }
      values = tensorToNumbers(t);
    }
    if (values.length < 2 || values[0] !== 1) return n;
    const rest = values.slice(1);
    let repaired: number[];
    if (!allowZero) repaired = [0, ...rest];
    else if (!rest.includes(-1)) repaired = [-1, ...rest];
    else throw new OnnxError('onnx/batch-repair', `Reshape '${label}' has shape [${values.join(', ')}] with allowzero=1; neither 0 nor -1 can stand for the batch`);
    report(`Reshape '${label}': shape [${values.join(', ')}] -> [${repaired.join(', ')}]`);
    if (shapeAttr) {
      const attr: AttributeProto = { ...shapeAttr, ints: repaired.map((v) => toLong(v)) };
      return { ...n, attribute: (n.attribute ?? []).map((a) => (a === shapeAttr ? attr : a)) };
    }
    const name = `${shapeName}_kenobi_batch_${newInits.length}`;
    newInits.push(int64Tensor(name, repaired));
    if (irVersion < 4) newInputs.push({ name, type: { tensor_type: { elem_type: 7, shape: { dim: [{ dim_value: toLong(repaired.length) }] } } } });
    return { ...n, input: [data, name, ...(n.input ?? []).slice(2)] };
  });
  // Drop the replaced shape constants no node reads any more.
  const read = new Set(nodes.flatMap((n) => n.input ?? []));
  const replaced = new Set(newInits.length > 0 ? (view.graph.node ?? []).flatMap((n, k) => (nodes[k] !== n ? [n.input?.[1] ?? ''] : [])).filter((t) => !read.has(t)) : []);
  return {
    ...model,
    graph: {
      ...view.graph, node: nodes, output, value_info: valueInfo,
      input: [...input, ...newInputs].filter((i) => !replaced.has(i.name ?? '')),
      initializer: [...(view.graph.initializer ?? []), ...newInits].filter((t) => !replaced.has(t.name ?? '')),
    },
  };
}
