/**
 * A strided n-dimensional view over a typed array, in C (numpy) order: `shape[0]` is the slowest axis, so a
 * FITS image with NAXIS1 = 640 and NAXIS2 = 480 has `shape = [480, 640]`, as astropy gives it. This is the
 * scijs/ndarray data model without its `new Function` code generation (which a strict CSP forbids).
 */
import { FitsError } from '../errors.js';
import { dtypeOf } from './dtype.js';
import type { FitsDtype, FitsTypedArray } from './dtype.js';

/** A typed array with a shape, strides (in elements) and an offset. */
export interface NdArray<T extends FitsTypedArray = FitsTypedArray> {
  readonly data: T;
  readonly dtype: FitsDtype;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

/**
 * Wraps a typed array as a C-contiguous view with this shape.
 *
 * @example
 * ```ts
 * const a = ndArray(new Float32Array(6), [2, 3]);
 * a.stride; // [3, 1]
 * ```
 */
export function ndArray<T extends FitsTypedArray>(data: T, shape: readonly number[], offset = 0): NdArray<T> {
  const stride: number[] = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i -= 1) {
    stride[i] = s;
    s *= shape[i]!;
  }
  if (offset + s > data.length) {
    throw new FitsError('fits/invalid-argument', `shape [${shape.join(', ')}] needs ${s} elements from offset ${offset}; the array has ${data.length}`);
  }
  return Object.freeze({ data, dtype: dtypeOf(data), shape: Object.freeze([...shape]), stride: Object.freeze(stride), offset });
}

/**
 * The number of elements of a shape.
 *
 * @example
 * ```ts
 * sizeOf([53, 105, 105]); // 584325
 * ```
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The element at these indices (C order).
 *
 * @example
 * ```ts
 * get(ndArray(Float32Array.of(1, 2, 3, 4), [2, 2]), 1, 0); // 3
 * ```
 */
export function get<T extends FitsTypedArray>(a: NdArray<T>, ...index: number[]): T[number] {
  let k = a.offset;
  for (let i = 0; i < index.length; i += 1) k += index[i]! * a.stride[i]!;
  return a.data[k] as T[number];
}

/**
 * Selects one plane of a cube without copying: fixes the leading (slowest) axes so that two axes remain.
 * `plane` is a flat index over those leading axes (for a 3-D cube, the index along NAXIS3), or one index per
 * leading axis.
 *
 * @example
 * ```ts
 * const cube = ndArray(new Float32Array(53 * 105 * 105), [53, 105, 105]);
 * const p = selectPlane(cube, 10);
 * p.shape;  // [105, 105]
 * p.offset; // 10 * 105 * 105
 * ```
 */
export function selectPlane<T extends FitsTypedArray>(a: NdArray<T>, plane: number | readonly number[]): NdArray<T> {
  const lead = a.shape.length - 2;
  if (lead <= 0) {
    if (plane === 0 || (Array.isArray(plane) && plane.length === 0)) return a;
    throw new FitsError('fits/invalid-argument', `plane ${JSON.stringify(plane)} asked of a ${a.shape.length}-D array; only cubes have planes`);
  }
  const leadShape = a.shape.slice(0, lead);
  const index = typeof plane === 'number' ? unravel(plane, leadShape) : [...plane];
  if (index.length !== lead || index.some((v, i) => !Number.isInteger(v) || v < 0 || v >= leadShape[i]!)) {
    throw new FitsError('fits/invalid-argument', `plane ${JSON.stringify(plane)} is outside the leading axes [${leadShape.join(', ')}]`);
  }
  let offset = a.offset;
  for (let i = 0; i < lead; i += 1) offset += index[i]! * a.stride[i]!;
  return Object.freeze({ data: a.data, dtype: a.dtype, shape: a.shape.slice(lead), stride: a.stride.slice(lead), offset });
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const total = sizeOf(shape);
  if (!Number.isInteger(flat) || flat < 0 || flat >= total) return [-1];
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i -= 1) {
    out[i] = flat % shape[i]!;
    flat = Math.floor(flat / shape[i]!);
  }
  return out;
}

/**
 * Copies a (possibly strided) view into a new C-contiguous typed array.
 *
 * @example
 * ```ts
 * const flat = toContiguous(selectPlane(cube, 3)); // Float32Array of 105 * 105
 * ```
 */
export function toContiguous<T extends FitsTypedArray>(a: NdArray<T>): T {
  const n = sizeOf(a.shape);
  const contiguous = a.stride.every((s, i) => s === sizeOf(a.shape.slice(i + 1)));
  if (contiguous) return a.data.slice(a.offset, a.offset + n) as T;
  const out = new (a.data.constructor as new (n: number) => T)(n);
  const idx = new Array<number>(a.shape.length).fill(0);
  for (let k = 0; k < n; k += 1) {
    let src = a.offset;
    for (let i = 0; i < idx.length; i += 1) src += idx[i]! * a.stride[i]!;
    out[k] = a.data[src]!;
    for (let i = idx.length - 1; i >= 0; i -= 1) {
      idx[i]! += 1;
      if (idx[i]! < a.shape[i]!) break;
      idx[i] = 0;
    }
  }
  return out;
}
