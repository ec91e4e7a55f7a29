/**
 * Test support: float64 reference shape ops: Concat, Split (split input, num_outputs, equal), Flatten, Reshape
 * (0 and −1, allowzero), Transpose, Squeeze, Unsqueeze (axes inputs), Pad (constant, reflect, edge, wrap; axes).
 */
import { attrInt, attrInts, attrString, type NodeProto } from '@kenobi/onnx';
import { type F64Tensor } from './f64-tensor.js';
import { flatOffset, gatherIndexed } from './basic-index.js';

type Inputs = readonly (F64Tensor | undefined)[];
const norm = (a: number, rank: number): number => (a < 0 ? a + rank : a);
const reshaped = (x: F64Tensor, dims: readonly number[]): F64Tensor => {
  if (dims.reduce((p, d) => p * d, 1) !== x.data.length) throw new Error(`reference: cannot reshape [${x.dims}] to [${dims}]`);
  return { data: x.data, dims: [...dims] };
};

function concat(inputs: Inputs, node: NodeProto): F64Tensor {
  const xs = inputs.filter((x): x is F64Tensor => x !== undefined);
  const axis = norm(attrInt(node, 'axis', 0), xs[0]!.dims.length);
  const dims = [...xs[0]!.dims];
  dims[axis] = xs.reduce((s, x) => s + x.dims[axis]!, 0);
  const starts = xs.map((_, k) => xs.slice(0, k).reduce((s, x) => s + x.dims[axis]!, 0));
  const parts = xs.map((x, k) => gatherIndexed(x, dims, (i) => (i[axis]! >= starts[k]! && i[axis]! < starts[k]! + x.dims[axis]! ? flatOffset(i.map((v, a) => (a === axis ? v - starts[k]! : v)), x.dims) : -1)));
  return { data: parts.reduce((acc, p) => acc.map((v, i) => v + p.data[i]!), new Float64Array(parts[0]!.data.length)), dims };
}

function split([x, sizes]: Inputs, node: NodeProto): F64Tensor[] {
  const axis = norm(attrInt(node, 'axis', 0), x!.dims.length);
  const d = x!.dims[axis]!;
  const n = attrInt(node, 'num_outputs', 0) || (node.output ?? []).length;
  const chunk = Math.ceil(d / n);
  const lengths = sizes ? [...sizes.data] : Array.from({ length: n }, (_, k) => Math.min(chunk, d - k * chunk));
  let start = 0;
  return lengths.map((len) => {
    const dims = x!.dims.map((v, a) => (a === axis ? len : v));
    const s = start;
    start += len;
    return gatherIndexed(x!, dims, (i) => flatOffset(i.map((v, a) => (a === axis ? v + s : v)), x!.dims));
  });
}

function reshape([x, shape]: Inputs, node: NodeProto): F64Tensor {
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  const dims = [...shape!.data].map((s, k) => (s === 0 && !allowZero ? x!.dims[k]! : s));
  const minus = dims.indexOf(-1);
  if (minus >= 0) dims[minus] = x!.data.length / dims.filter((_, k) => k !== minus).reduce((p, v) => p * v, 1);
  return reshaped(x!, dims);
}

function transpose([x]: Inputs, node: NodeProto): F64Tensor {
  const perm = attrInts(node, 'perm', undefined) ?? x!.dims.map((_, k) => x!.dims.length - 1 - k);
  const dims = perm.map((p) => x!.dims[p]!);
  return gatherIndexed(x!, dims, (i) => {
    const src = new Array<number>(perm.length);
    perm.forEach((p, k) => { src[p] = i[k]!; });
    return flatOffset(src, x!.dims);
  });
}

/** The source index of output index `i` along an axis of input size `d` padded by `b` in front, or −1 for the constant. */
function padSource(mode: string, i: number, b: number, d: number): number {
  const j = i - b;
  if (j >= 0 && j < d) return j;
  if (mode === 'constant') return -1;
  if (mode === 'edge') return j < 0 ? 0 : d - 1;
  if (mode === 'wrap') return ((j % d) + d) % d;
  if (mode === 'reflect') return j < 0 ? -j : 2 * (d - 1) - j;
  throw new Error(`reference Pad: mode ${mode}`);
}

function pad([x, padsIn, value, axesIn]: Inputs, node: NodeProto): F64Tensor {
  const rank = x!.dims.length;
  const axes = axesIn ? [...axesIn.data].map((a) => norm(a, rank)) : [...Array(rank).keys()];
  const pads = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, k) => { pads[a] = padsIn!.data[k]!; pads[a + rank] = padsIn!.data[k + axes.length]!; });
  const mode = attrString(node, 'mode', 'constant');
  const dims = x!.dims.map((d, a) => d + pads[a]! + pads[a + rank]!);
  return gatherIndexed(x!, dims, (i) => {
    const src = i.map((v, a) => padSource(mode, v, pads[a]!, x!.dims[a]!));
    return src.some((s) => s < 0) ? -1 : flatOffset(src, x!.dims);
  }, value ? value.data[0]! : 0);
}

/** Shape ops. */
export const BASIC_SHAPE_REFERENCE_OPS: Readonly<Record<string, (inputs: Inputs, node: NodeProto) => F64Tensor[]>> = {
  Concat: (inputs, node) => [concat(inputs, node)],
  Split: split,
  Flatten: ([x], node) => {
    const axis = norm(attrInt(node, 'axis', 1), x!.dims.length);
    const p = (ds: readonly number[]): number => ds.reduce((a, b) => a * b, 1);
    return [reshaped(x!, [p(x!.dims.slice(0, axis)), p(x!.dims.slice(axis))])];
  },
  Reshape: (inputs, node) => [reshape(inputs, node)],
  Transpose: (inputs, node) => [transpose(inputs, node)],
  Squeeze: ([x, axesIn]) => {
    const axes = axesIn ? [...axesIn.data].map((a) => norm(a, x!.dims.length)) : x!.dims.flatMap((d, a) => (d === 1 ? [a] : []));
    return [reshaped(x!, x!.dims.filter((_, a) => !axes.includes(a)))];
  },
  Unsqueeze: ([x, axesIn]) => {
    const rank = x!.dims.length + axesIn!.data.length;
    const axes = [...axesIn!.data].map((a) => norm(a, rank));
    const rest = [...x!.dims];
    return [reshaped(x!, Array.from({ length: rank }, (_, a) => (axes.includes(a) ? 1 : rest.shift()!)))];
  },
  Pad: (inputs, node) => [pad(inputs, node)],
};
