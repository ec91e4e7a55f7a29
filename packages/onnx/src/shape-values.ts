/**
 * The values of the small int64 tensors a graph computes shapes with (`Shape → Gather → Unsqueeze → Concat →
 * Reshape`, PyTorch's `x.view(x.size(0), -1)`), as dims: numbers, or a symbolic dim's name where the value is
 * a dim of a tensor whose size is not fixed (the batch). Static shape inference reads a Reshape's target
 * shape from them when it is not a constant.
 */
import { attrInt, attrInts } from './node-attributes.js';
import { constantTensor, type GraphView } from './graph-view.js';
import { tensorToNumbers } from './tensor-data.js';
import type { Dim, NodeProto } from './onnx-types.js';

/** Longer int tensors are data, not shapes: they are not followed. */
const MAX_SHAPE_LENGTH = 16;

/**
 * The value of `node`'s first output when it is a shape-like int64 vector computable from `values` (the values
 * known so far), constants and `dimsOf` (the static dims of a tensor); undefined otherwise. Handles Shape
 * (with start/end), Constant, Gather on axis 0, Slice with step 1, Unsqueeze/Squeeze of a vector or scalar,
 * Concat on axis 0, Cast and Identity.
 *
 * @example
 * ```ts
 * // Shape(x) of x [N, 64, 1, 1] → ['N', 64, 1, 1]; Gather(·, 0) → ['N']; Concat(·, [-1]) → ['N', -1]
 * shapeValue(node, view, values, (t) => info.get(t)?.dims);
 * ```
 */
export function shapeValue(node: NodeProto, view: GraphView, values: ReadonlyMap<string, readonly Dim[]>, dimsOf: (tensor: string) => readonly Dim[] | undefined): Dim[] | undefined {
  const input = (k: number): readonly Dim[] | undefined => {
    const name = node.input?.[k] ?? '';
    if (name === '') return undefined;
    const known = values.get(name);
    if (known) return known;
    const t = constantTensor(view, name);
    if (!t || (t.data_type !== 7 && t.data_type !== 6)) return undefined;
    const v = tensorToNumbers(t);
    return v.length <= MAX_SHAPE_LENGTH ? v : undefined;
  };
  const op = node.op_type ?? '';
  if ((node.domain ?? '') !== '') return undefined;
  if (op === 'Shape') {
    const dims = dimsOf(node.input?.[0] ?? '');
    if (!dims) return undefined;
    const r = dims.length;
    const at = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    return dims.slice(at(attrInt(node, 'start', 0)), at(attrInt(node, 'end', r)));
  }
  if (op === 'Constant') {
    const t = node.attribute?.find((a) => a.name === 'value')?.t;
    if (!t || (t.data_type !== 7 && t.data_type !== 6)) return undefined;
    const v = tensorToNumbers(t);
    return v.length <= MAX_SHAPE_LENGTH ? v : undefined;
  }
  if (op === 'Cast' || op === 'Identity' || op === 'Squeeze' || op === 'Unsqueeze') {
    const v = input(0);
    return v ? [...v] : undefined;
  }
  if (op === 'Gather') {
    const data = input(0), idx = input(1);
    if (!data || !idx || attrInt(node, 'axis', 0) !== 0) return undefined;
    const picked = idx.map((i) => (typeof i === 'number' && Number.isInteger(i) && i >= -data.length && i < data.length ? data[i < 0 ? i + data.length : i] : undefined));
    return picked.every((d) => d !== undefined) ? (picked as Dim[]) : undefined;
  }
  if (op === 'Concat') {
    if (attrInt(node, 'axis', 0) !== 0) return undefined;
    const parts = (node.input ?? []).map((_, k) => input(k));
    return parts.every((p) => p !== undefined) ? parts.flatMap((p) => [...p!]) : undefined;
  }
  if (op === 'Slice') {
    const v = input(0);
    const given = (k: number, attr: string): readonly Dim[] | undefined => (node.input?.[k] ? input(k) : attrInts(node, attr, undefined));
    const [starts, ends, axes, steps] = [given(1, 'starts'), given(2, 'ends'), given(3, 'axes'), node.input?.[4] ? input(4) : [1]];
    const num = (d: Dim | undefined): d is number => typeof d === 'number';
    if (!v || !starts || !ends || starts.length !== 1 || !num(starts[0]) || !num(ends[0]) || (axes && !(axes.length === 1 && (axes[0] === 0 || axes[0] === -1))) || !steps || steps[0] !== 1) return undefined;
    const at = (x: number): number => Math.min(Math.max(x < 0 ? x + v.length : x, 0), v.length);
    return v.slice(at(starts[0]), at(ends[0]));
  }
  return undefined;
}
