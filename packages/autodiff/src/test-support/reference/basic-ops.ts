/** Test support: float64 reference forward ops, element-wise, matrix and shape ops. */
import { attrInt, type NodeProto } from '@kenobi/onnx';
import { broadcastMap, zeros, type F64Tensor } from './f64-tensor.js';

type Op = (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[];
const floatAttr = (node: NodeProto, name: string, fallback: number): number => {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a && a.f !== undefined && a.f !== null ? Number(a.f) : fallback;
};

function gemm([a, b, c]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  const tA = attrInt(node, 'transA', 0) === 1, tB = attrInt(node, 'transB', 0) === 1;
  const alpha = floatAttr(node, 'alpha', 1), beta = floatAttr(node, 'beta', 1);
  const M = tA ? a!.dims[1]! : a!.dims[0]!, K = tA ? a!.dims[0]! : a!.dims[1]!, N = tB ? b!.dims[0]! : b!.dims[1]!;
  const out = zeros([M, N]);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a!.data[tA ? k * M + i : i * K + k]! * b!.data[tB ? j * K + k : k * N + j]!;
    out.data[i * N + j] = alpha * s;
  }
  if (!c) return [out];
  return [broadcastMap([out, c], (y, z) => y + beta * z)];
}

function reduceSumAll([x]: readonly (F64Tensor | undefined)[]): F64Tensor[] {
  let s = 0;
  for (const v of x!.data) s += v;
  return [{ data: Float64Array.of(s), dims: [] }];
}

/** Element-wise, matrix and shape ops. */
export const BASIC_REFERENCE_OPS: Readonly<Record<string, Op>> = {
  Add: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x + y)],
  Sub: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x - y)],
  Mul: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x * y)],
  Div: ([a, b]) => [broadcastMap([a!, b!], (x, y) => x / y)],
  Relu: ([x]) => [broadcastMap([x!], (v) => Math.max(v, 0))],
  Gemm: gemm,
  /** Only the full reduction (no axes input, keepdims 0) the probe loss uses; extend when a rule needs more. */
  ReduceSum: (inputs, node) => {
    if (inputs[1] || attrInt(node, 'keepdims', 1) !== 0) throw new Error('reference ReduceSum: only the full reduction with keepdims=0 is implemented');
    return reduceSumAll(inputs);
  },
  Identity: ([x]) => [x!],
};
