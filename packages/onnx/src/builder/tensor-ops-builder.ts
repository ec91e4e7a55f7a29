/**
 * The shape and arithmetic ops of {@link GraphBuilder} (Concat, Add/Mul/Sub/Div with broadcasting, Flatten,
 * Reshape, Transpose, Pad, ReduceMean, Constant), with their output shapes tracked; GraphBuilder adds the
 * layers (Conv, BatchNormalization, Gemm, pooling, activations, Dropout) on top.
 */
import { cOrderValues, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { GraphBuilderCore } from './graph-builder-core.js';
import { broadcastDims, foldDims, reshapeDims } from './shape-rules.js';
import type { Dim } from './spatial-shape.js';
import { float32Tensor, int64Tensor } from './tensor-proto.js';

/**
 * GraphBuilder's tensor ops; build graphs with {@link GraphBuilder}, which has every method of this class.
 *
 * @example
 * ```ts
 * const b = new GraphBuilder();
 * const x = b.input('x', 'float32', ['N', 4, 2]);
 * b.output(b.reshape(b.transpose(x, [0, 2, 1]), [0, -1])); // [N, 8]
 * ```
 */
export class TensorOpsBuilder extends GraphBuilderCore {
  /** Concat along `axis` (default 1, channels). */
  concat(xs: readonly string[], o: { axis?: number; name?: string } = {}): string {
    const axis = o.axis ?? 1;
    const [y] = this.node('Concat', xs, { axis }, nameOf(o));
    const shapes = xs.map((x) => this.shapeOf(x));
    if (shapes.every((s) => s !== undefined)) {
      const first = shapes[0]!;
      const a = axis < 0 ? axis + first.length : axis;
      const sizes = shapes.map((s) => s![a]!);
      const total: Dim = sizes.every((s) => typeof s === 'number') ? (sizes as number[]).reduce((p, q) => p + q, 0) : '?';
      if (total !== '?') this.setShape(y!, first.map((d, i) => (i === a ? total : d)));
    }
    return y!;
  }

  /** Add (numpy broadcasting). */
  add(a: string, b: string, o: { name?: string } = {}): string {
    return this.binary('Add', a, b, o);
  }

  /** Mul (numpy broadcasting). */
  mul(a: string, b: string, o: { name?: string } = {}): string {
    return this.binary('Mul', a, b, o);
  }

  /** Sub (numpy broadcasting). */
  sub(a: string, b: string, o: { name?: string } = {}): string {
    return this.binary('Sub', a, b, o);
  }

  /** Div (numpy broadcasting). */
  div(a: string, b: string, o: { name?: string } = {}): string {
    return this.binary('Div', a, b, o);
  }

  /** Flatten to 2-D at `axis` (default 1): [N, C, H, W] → [N, C·H·W]. */
  flatten(x: string, o: { axis?: number; name?: string } = {}): string {
    const axis = o.axis ?? 1;
    const [y] = this.node('Flatten', [x], { axis }, nameOf(o));
    const s = this.shapeOf(x);
    if (s) {
      const a = axis < 0 ? axis + s.length : axis;
      const outer = foldDims(s.slice(0, a));
      const inner = foldDims(s.slice(a));
      if (outer !== undefined && inner !== undefined) this.setShape(y!, [outer, inner]);
    }
    return y!;
  }

  /** Reshape to `shape` (0 copies the input dim, -1 is inferred), stored as an int64 initializer. */
  reshape(x: string, shape: readonly number[], o: { name?: string } = {}): string {
    const target = this.constantTensor(`${o.name ?? 'reshape'}.shape`, (n) => int64Tensor(n, shape, [shape.length]));
    const [y] = this.node('Reshape', [x, target], {}, nameOf(o));
    const s = this.shapeOf(x);
    const out = s && reshapeDims(s, shape);
    if (out) this.setShape(y!, out);
    return y!;
  }

  /** Transpose with `perm`. */
  transpose(x: string, perm: readonly number[], o: { name?: string } = {}): string {
    const [y] = this.node('Transpose', [x], { perm: [...perm] }, nameOf(o));
    const s = this.shapeOf(x);
    if (s) this.setShape(y!, perm.map((p) => s[p]!));
    return y!;
  }

  /** Pad with ONNX pads (all begins, then all ends) of every axis; mode 'constant' (value 0), 'reflect', 'edge'. */
  pad(x: string, pads: readonly number[], o: { mode?: 'constant' | 'reflect' | 'edge'; value?: number; name?: string } = {}): string {
    const base = o.name ?? 'pad';
    const p = this.constantTensor(`${base}.pads`, (n) => int64Tensor(n, pads, [pads.length]));
    const inputs = [x, p];
    if (o.value !== undefined) inputs.push(this.constantTensor(`${base}.value`, (n) => float32Tensor(n, new Float32Array([o.value!]), [])));
    const [y] = this.node('Pad', inputs, { mode: o.mode ?? 'constant' }, nameOf(o));
    const s = this.shapeOf(x);
    if (s) this.setShape(y!, s.map((d, i) => (typeof d === 'number' ? d + pads[i]! + pads[i + s.length]! : d)));
    return y!;
  }

  /** ReduceMean over `axes` (an attribute below opset 18, an input from 18 on). */
  reduceMean(x: string, axes: readonly number[], o: { keepdims?: boolean; name?: string } = {}): string {
    const keepdims = (o.keepdims ?? true) ? 1 : 0;
    const [y] = this.opset >= 18
      ? this.node('ReduceMean', [x, this.constantTensor(`${o.name ?? 'reduce_mean'}.axes`, (n) => int64Tensor(n, axes, [axes.length]))], { keepdims }, nameOf(o))
      : this.node('ReduceMean', [x], { axes: [...axes], keepdims }, nameOf(o));
    const s = this.shapeOf(x);
    if (s) {
      const norm = axes.map((a) => (a < 0 ? a + s.length : a));
      this.setShape(y!, keepdims ? s.map((d, i) => (norm.includes(i) ? 1 : d)) : s.filter((_, i) => !norm.includes(i)));
    }
    return y!;
  }

  /**
   * A Constant node holding float32 data (or int64 values with `dtype: 'int64'`); float32 data may be a
   * strided view (a transposed scijs array: written in C order, dims default to its shape).
   */
  constant(data: Float32Array | readonly number[] | StridedView, dims?: readonly number[], o: { dtype?: 'float32' | 'int64'; name?: string } = {}): string {
    const value = isStridedView(data)
      ? (o.dtype === 'int64' ? int64Tensor('value', Array.from(cOrderValues(data)), dims ?? data.shape) : float32Tensor('value', data, dims))
      : o.dtype === 'int64' ? int64Tensor('value', [...data], dims ?? [data.length]) : float32Tensor('value', Float32Array.from(data), dims ?? [data.length]);
    const [y] = this.node('Constant', [], { value }, { name: this.freshNodeName(o.name, 'constant') });
    this.setShape(y!, value.dims.map(Number));
    return y!;
  }

  protected binary(op: string, a: string, b: string, o: { name?: string }): string {
    const [y] = this.node(op, [a, b], {}, nameOf(o));
    const sa = this.shapeOf(a);
    const sb = this.shapeOf(b);
    if (sa && sb) this.setShape(y!, broadcastDims(sa, sb));
    return y!;
  }

  protected same(y: string, x: string): string {
    const s = this.shapeOf(x);
    if (s) this.setShape(y, s);
    return y;
  }
}

/**
 * The node options of a helper's `{ name }` (none when it is not given).
 *
 * @example
 * ```ts
 * nameOf({}); // {}
 * nameOf({ name: 'fc1' }); // { name: 'fc1' }
 * ```
 */
export function nameOf(o: { name?: string }): { name?: string } {
  return o.name === undefined ? {} : { name: o.name };
}
