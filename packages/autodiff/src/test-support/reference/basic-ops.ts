/**
 * Test support: float64 reference forward ops, element-wise, matrix and shape ops (the "basic" group). The
 * element-wise ops live here; matrix, reduction and shape ops in basic-matrix-ops.ts, basic-reduce-ops.ts and
 * basic-shape-ops.ts.
 */
import { attrInt, type NodeProto } from '@kenobi/onnx';
import { broadcastMap, type F64Tensor } from './f64-tensor.js';
import { BASIC_MATRIX_REFERENCE_OPS } from './basic-matrix-ops.js';
import { BASIC_REDUCE_REFERENCE_OPS } from './basic-reduce-ops.js';
import { BASIC_SHAPE_REFERENCE_OPS } from './basic-shape-ops.js';

type Op = (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[];
const floatAttr = (node: NodeProto, name: string, fallback: number): number => {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a && a.f !== undefined && a.f !== null ? Number(a.f) : fallback;
};
const unary = (f: (v: number) => number): Op => ([x]) => [broadcastMap([x!], f)];

/** Element-wise ops. */
const ELEMENTWISE_REFERENCE_OPS: Readonly<Record<string, Op>> = {
  Add: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x + y)],
  Sub: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x - y)],
  Mul: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x * y)],
  Div: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x / y)],
  Sum: (inputs) => [broadcastMap(inputs.filter((x): x is F64Tensor => x !== undefined), (...v) => v.reduce((s, x) => s + x, 0))],
  Neg: unary((v) => -v),
  Relu: unary((v) => Math.max(v, 0)),
  LeakyRelu: (inputs, node) => {
    const alpha = floatAttr(node, 'alpha', 0.01);
    return unary((v) => (v >= 0 ? v : alpha * v))(inputs, node);
  },
  Sigmoid: unary((v) => 1 / (1 + Math.exp(-v))),
  Tanh: unary(Math.tanh),
  // ONNX Clip is np.clip: min(max(x, lo), hi), so lo > hi gives hi everywhere
  Clip: ([x, lo, hi]) => [broadcastMap([x!], (v) => Math.min(Math.max(v, lo ? lo.data[0]! : -Infinity), hi ? hi.data[0]! : Infinity))],
  Identity: ([x]) => [x!],
  Cast: ([x], node) => {
    if (attrInt(node, 'to', 0) !== 1) throw new Error('reference Cast: only to=1 (float) is implemented');
    return [x!];
  },
};

/** Element-wise, matrix and shape ops. */
export const BASIC_REFERENCE_OPS: Readonly<Record<string, Op>> = {
  ...ELEMENTWISE_REFERENCE_OPS,
  ...BASIC_MATRIX_REFERENCE_OPS,
  ...BASIC_REDUCE_REFERENCE_OPS,
  ...BASIC_SHAPE_REFERENCE_OPS,
};
