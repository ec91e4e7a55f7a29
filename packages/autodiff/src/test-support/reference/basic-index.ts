/** Test support: index helpers of the basic reference ops (gather by multi-index, reduce over axes). */
import { strides, zeros, type F64Tensor } from './f64-tensor.js';

/**
 * A tensor of `dims` whose element at multi-index `i` is `x`'s element at flat offset `source(i)`, or `fill`
 * where `source` returns −1.
 *
 * @example
 * ```ts
 * gatherIndexed(x, [3, 2], ([i, j]) => j * 3 + i); // the transpose of a [2, 3] x
 * ```
 */
export function gatherIndexed(x: F64Tensor, dims: readonly number[], source: (idx: readonly number[]) => number, fill = 0): F64Tensor {
  const out = zeros(dims);
  const idx = new Array<number>(dims.length).fill(0);
  for (let o = 0; o < out.data.length; o++) {
    const s = source(idx);
    out.data[o] = s < 0 ? fill : x.data[s]!;
    for (let i = dims.length - 1; i >= 0; i--) { if (++idx[i]! < dims[i]!) break; idx[i] = 0; }
  }
  return out;
}

/**
 * The flat offset of a multi-index in a row-major tensor of `dims`.
 *
 * @example
 * ```ts
 * flatOffset([1, 2], [2, 3]); // 5
 * ```
 */
export function flatOffset(idx: readonly number[], dims: readonly number[]): number {
  const s = strides(dims);
  let off = 0;
  for (let i = 0; i < dims.length; i++) off += idx[i]! * s[i]!;
  return off;
}

/**
 * `x` reduced over `axes` (sorted, in [0, rank)) by folding each group with `f` from `init`.
 *
 * @example
 * ```ts
 * reduceAxes(x, [1], true, (a, v) => a + v, 0); // row sums, keepdims
 * ```
 */
export function reduceAxes(x: F64Tensor, axes: readonly number[], keepdims: boolean, f: (acc: number, v: number) => number, init: number): F64Tensor {
  const kept = x.dims.map((d, a) => (axes.includes(a) ? 1 : d));
  const out = zeros(kept);
  out.data.fill(init);
  const idx = new Array<number>(x.dims.length).fill(0);
  for (let i = 0; i < x.data.length; i++) {
    const o = flatOffset(idx.map((v, a) => (axes.includes(a) ? 0 : v)), kept);
    out.data[o] = f(out.data[o]!, x.data[i]!);
    for (let a = x.dims.length - 1; a >= 0; a--) { if (++idx[a]! < x.dims[a]!) break; idx[a] = 0; }
  }
  return { data: out.data, dims: keepdims ? kept : x.dims.filter((_, a) => !axes.includes(a)) };
}
