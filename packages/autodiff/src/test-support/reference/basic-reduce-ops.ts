/** Test support: float64 reference reductions (ReduceSum, ReduceMean) and Softmax, LogSoftmax (opset ≥ 13 semantics). */
import { attrInt, attrInts, type NodeProto } from '@kenobi/onnx';
import { broadcastMap, type F64Tensor } from './f64-tensor.js';
import { reduceAxes } from './basic-index.js';

type Inputs = readonly (F64Tensor | undefined)[];

/** The axes a Reduce* node reduces, sorted in [0, rank); undefined for the no-op (empty axes, noop_with_empty_axes=1). */
function axesOf([x, axesInput]: Inputs, node: NodeProto): number[] | undefined {
  const rank = x!.dims.length;
  const given = attrInts(node, 'axes', undefined) ?? (axesInput ? [...axesInput.data] : []);
  if (given.length === 0) return attrInt(node, 'noop_with_empty_axes', 0) === 1 ? undefined : [...Array(rank).keys()];
  return given.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

function reduce(inputs: Inputs, node: NodeProto, mean: boolean): F64Tensor[] {
  const x = inputs[0]!;
  const axes = axesOf(inputs, node);
  if (!axes) return [x];
  const s = reduceAxes(x, axes, attrInt(node, 'keepdims', 1) === 1, (a, v) => a + v, 0);
  if (!mean) return [s];
  const count = axes.reduce((p, a) => p * x.dims[a]!, 1);
  return [{ data: s.data.map((v) => v / count), dims: s.dims }];
}

/** log Σ exp along `axis` (keepdims), computed stably. */
function logSumExp(x: F64Tensor, axis: number): F64Tensor {
  const max = reduceAxes(x, [axis], true, (a, v) => Math.max(a, v), -Infinity);
  const sum = reduceAxes(broadcastMap([x, max], (v, m) => Math.exp(v - m)), [axis], true, (a, v) => a + v, 0);
  return broadcastMap([max, sum], (m, s) => m + Math.log(s));
}

function logSoftmax([x]: Inputs, node: NodeProto): F64Tensor {
  const axis = attrInt(node, 'axis', -1);
  const lse = logSumExp(x!, axis < 0 ? axis + x!.dims.length : axis);
  return broadcastMap([x!, lse], (v, l) => v - l);
}

/** ReduceSum, ReduceMean, Softmax, LogSoftmax. */
export const BASIC_REDUCE_REFERENCE_OPS: Readonly<Record<string, (inputs: Inputs, node: NodeProto) => F64Tensor[]>> = {
  ReduceSum: (inputs, node) => reduce(inputs, node, false),
  ReduceMean: (inputs, node) => reduce(inputs, node, true),
  LogSoftmax: (inputs, node) => [logSoftmax(inputs, node)],
  Softmax: (inputs, node) => {
    const l = logSoftmax(inputs, node);
    return [{ data: l.data.map(Math.exp), dims: l.dims }];
  },
};
