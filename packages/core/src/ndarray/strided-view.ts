/**
 * Strided views: a typed array with a shape, strides (in elements, any sign) and an offset, the data model
 * of scijs arrays and of `@kenobi/fits` images. Functions that take n-dimensional arrays accept such a view
 * (transposed, sliced or reversed, without a copy on the caller's side) and read it through
 * {@link cOrderValues}. Pure TypeScript without code generation, so it runs under a strict
 * Content-Security-Policy (the library that makes these views in Node is only in `@kenobi/core/node`).
 */
import { KenobiError } from '../kenobi-error.js';

/** The element arrays a strided view may hold. */
export type ViewData = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array;

/**
 * A strided view: element `(i0, i1, …)` is `data[offset + i0 * stride[0] + i1 * stride[1] + …]`. A scijs
 * array, a `@kenobi/fits` image's `data` and `{ data, shape }` (C order) all fit it.
 *
 * @example
 * ```ts
 * const v: StridedView = { data: new Float32Array(6), shape: [2, 3], stride: [1, 2], offset: 0 }; // a transposed 3×2
 * ```
 */
export interface StridedView<T extends ViewData = ViewData> {
  readonly data: T;
  readonly shape: readonly number[];
  readonly stride?: readonly number[];
  readonly offset?: number;
}

/**
 * True when `x` looks like a strided view: a typed array `data` and an integer `shape` (and, if present,
 * `stride` of the same length and an integer `offset`).
 *
 * @example
 * ```ts
 * isStridedView(ndarray(new Float32Array(4), [2, 2])); // true
 * isStridedView(new Float32Array(4));                  // false
 * ```
 */
export function isStridedView(x: unknown): x is StridedView {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as { data?: unknown; shape?: unknown; stride?: unknown; offset?: unknown };
  if (!ArrayBuffer.isView(v.data) || v.data instanceof DataView || v.data instanceof BigInt64Array || v.data instanceof BigUint64Array) return false;
  if (!Array.isArray(v.shape) || !v.shape.every((n) => Number.isInteger(n) && n >= 0)) return false;
  if (v.stride !== undefined && (!Array.isArray(v.stride) || v.stride.length !== v.shape.length || !v.stride.every(Number.isInteger))) return false;
  return v.offset === undefined || Number.isInteger(v.offset);
}

/**
 * The C-order (row-major) strides of a shape.
 *
 * @example
 * ```ts
 * cOrderStrides([2, 3, 4]); // [12, 4, 1]
 * ```
 */
export function cOrderStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i -= 1) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

/** True when the view is its data read in C order from `offset` (then no copy is needed). @example `isCContiguous({ data, shape: [2, 3] }); // true` */
export function isCContiguous(view: StridedView): boolean {
  const want = cOrderStrides(view.shape);
  const stride = view.stride ?? want;
  return view.shape.every((n, i) => n <= 1 || stride[i] === want[i]);
}

/**
 * The view's values in C order, in an array of the same type: the data itself (a subarray, no copy) when
 * the view is already C-contiguous, else a copy. Throws `core/invalid-view` when an index would fall
 * outside `data`.
 *
 * @example
 * ```ts
 * const t = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2], stride: [1, 3], offset: 0 }; // the transpose of [[1,2,3],[4,5,6]]
 * cOrderValues(t); // Float32Array [1, 4, 2, 5, 3, 6]
 * ```
 */
export function cOrderValues<T extends ViewData>(view: StridedView<T>): T {
  const shape = view.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  const stride = view.stride ?? cOrderStrides(shape);
  const offset = view.offset ?? 0;
  // NOTE: the lowest and highest index the view reaches, so a bad view fails here, not with undefined values.
  let lo = offset, hi = offset;
  if (n > 0) shape.forEach((len, i) => { const reach = (len - 1) * stride[i]!; if (reach < 0) lo += reach; else hi += reach; });
  if (n > 0 && (lo < 0 || hi >= view.data.length)) {
    throw new KenobiError('core/invalid-view', `a view of shape [${shape.join(', ')}], strides [${stride.join(', ')}] and offset ${offset} reaches elements ${lo}..${hi} of an array of ${view.data.length}`);
  }
  if (isCContiguous(view)) return view.data.subarray(offset, offset + n) as T;
  const out = new (view.data.constructor as new (n: number) => T)(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const inner = shape[last] ?? 1;
  const innerStride = stride[last] ?? 1;
  let at = offset;
  for (let k = 0; k < n; k += inner) {
    for (let j = 0; j < inner; j += 1) out[k + j] = view.data[at + j * innerStride]!;
    // step the outer index (all axes but the last), odometer style
    for (let d = last - 1; d >= 0; d -= 1) {
      idx[d]! += 1;
      at += stride[d]!;
      if (idx[d]! < shape[d]!) break;
      at -= idx[d]! * stride[d]!;
      idx[d] = 0;
    }
  }
  return out;
}
