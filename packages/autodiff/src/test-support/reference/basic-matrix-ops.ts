/** Test support: float64 reference Gemm and MatMul (numpy semantics: batch broadcasting, 1-D operands). */
import { attrInt, type NodeProto } from '@kenobi/onnx';
import { broadcastDims, broadcastMap, strides, zeros, type F64Tensor } from './f64-tensor.js';

type Inputs = readonly (F64Tensor | undefined)[];

const floatAttr = (node: NodeProto, name: string, fallback: number): number => {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a && a.f !== undefined && a.f !== null ? Number(a.f) : fallback;
};

function gemm([a, b, c]: Inputs, node: NodeProto): F64Tensor[] {
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

function matMul([a0, b0]: Inputs): F64Tensor[] {
  const a = a0!.dims.length === 1 ? { data: a0!.data, dims: [1, a0!.dims[0]!] } : a0!;
  const b = b0!.dims.length === 1 ? { data: b0!.data, dims: [b0!.dims[0]!, 1] } : b0!;
  const [M, K] = a.dims.slice(-2) as [number, number];
  const N = b.dims[b.dims.length - 1]!;
  if (b.dims[b.dims.length - 2] !== K) throw new Error(`reference MatMul: [${a0!.dims}] · [${b0!.dims}] do not chain`);
  const batch = broadcastDims(a.dims.slice(0, -2), b.dims.slice(0, -2));
  const out = zeros([...batch, M, N]);
  const aS = strides(a.dims), bS = strides(b.dims);
  const batchOffset = (t: F64Tensor, s: readonly number[], idx: readonly number[]): number => {
    const lead = batch.length - (t.dims.length - 2);
    let off = 0;
    for (let i = lead; i < batch.length; i++) off += (t.dims[i - lead] === 1 ? 0 : idx[i]!) * s[i - lead]!;
    return off;
  };
  const count = batch.reduce((p, d) => p * d, 1);
  const idx = new Array<number>(batch.length).fill(0);
  for (let n = 0; n < count; n++) {
    const ao = batchOffset(a, aS, idx), bo = batchOffset(b, bS, idx);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a.data[ao + i * K + k]! * b.data[bo + k * N + j]!;
      out.data[n * M * N + i * N + j] = s;
    }
    for (let i = batch.length - 1; i >= 0; i--) { if (++idx[i]! < batch[i]!) break; idx[i] = 0; }
  }
  const dims = [...batch, ...(a0!.dims.length === 1 ? [] : [M]), ...(b0!.dims.length === 1 ? [] : [N])];
  return [{ data: out.data, dims }];
}

/** Gemm, MatMul. */
export const BASIC_MATRIX_REFERENCE_OPS: Readonly<Record<string, (inputs: Inputs, node: NodeProto) => F64Tensor[]>> = {
  Gemm: gemm,
  MatMul: (inputs) => matMul(inputs),
};
