/**
 * Node-only. Kenobi's arrays as scijs `ndarray` views (no copy), so `ndarray-ops` and the rest of scijs work
 * on FITS images, feature matrices, centroids and rasters; and scijs arrays (any strides, offset, views) back
 * as C-order data for Kenobi. NOTE: scijs `ndarray` compiles its view classes with `new Function`, which a
 * strict Content-Security-Policy forbids: this module is never part of a browser bundle (`@kenobi/core/node`).
 */
import ndarray from 'ndarray';
import type { NdArray, TypedArray } from 'ndarray';
import { KenobiError } from '../kenobi-error.js';
import { cOrderStrides, cOrderValues, isStridedView } from './strided-view.js';
import type { StridedView, ViewData } from './strided-view.js';

/**
 * What {@link asNdarray} wraps: a strided view (a `@kenobi/fits` image's `data`, `{ data, shape }`), a FITS
 * image (`{ data: view }`), a matrix (`{ data, rows, cols }`, `@kenobi/cluster` and `@kenobi/learn`), a feature
 * table (`{ X, rows, dim }`, `readFeatures`), a raster (`{ data, width, height, channels }`, `@kenobi/imaging`)
 * or a tensor (`{ data, dims }`: `@kenobi/runtime`'s session outputs and batches, an ONNX Runtime tensor on the CPU).
 *
 * @example
 * ```ts
 * const a: NdarraySource = { data: centers, rows: k, cols: d };
 * ```
 */
export type NdarraySource =
  | StridedView
  | { readonly data: AnyView }
  | { readonly data: ViewData; readonly rows: number; readonly cols: number }
  | { readonly X: Float32Array; readonly rows: number; readonly dim: number }
  | { readonly data: ViewData; readonly width: number; readonly height: number; readonly channels: number }
  | { readonly data: ArrayBufferView; readonly dims: readonly number[] };

/** A strided view whose data may also be 64-bit integers (a FITS int64 image). */
interface AnyView {
  readonly data: ArrayBufferView;
  readonly shape: readonly number[];
  readonly stride?: readonly number[];
  readonly offset?: number;
}

function isAnyView(x: unknown): x is AnyView {
  if (isStridedView(x)) return true;
  const v = x as { data?: unknown; shape?: unknown } | null;
  return typeof v === 'object' && v !== null && (v.data instanceof BigInt64Array || v.data instanceof BigUint64Array) && Array.isArray(v.shape);
}

function viewOf(x: NdarraySource): AnyView {
  if (isAnyView(x)) return x;
  const o = x as Record<string, unknown>;
  if (isAnyView(o.data)) return o.data;
  if (ArrayBuffer.isView(o.data) && typeof o.rows === 'number' && typeof o.cols === 'number') return { data: o.data as ViewData, shape: [o.rows, o.cols] };
  if (ArrayBuffer.isView(o.X) && typeof o.rows === 'number' && typeof o.dim === 'number') return { data: o.X as ViewData, shape: [o.rows, o.dim] };
  if (ArrayBuffer.isView(o.data) && typeof o.width === 'number' && typeof o.height === 'number' && typeof o.channels === 'number') {
    return { data: o.data as ViewData, shape: o.channels === 1 ? [o.height, o.width] : [o.height, o.width, o.channels] };
  }
  if (ArrayBuffer.isView(o.data) && !(o.data instanceof DataView) && Array.isArray(o.dims) && o.dims.every((d) => Number.isInteger(d) && d >= 0)) {
    return { data: o.data, shape: o.dims as number[] };
  }
  throw new KenobiError('core/invalid-view', 'asNdarray takes a strided view ({ data, shape, stride?, offset? }), a FITS image, a matrix ({ data, rows, cols }), a feature table ({ X, rows, dim }), a raster or a tensor ({ data, dims })');
}

/**
 * A scijs `ndarray` over the same memory (a view: writing through it changes Kenobi's array).
 *
 * @example
 * ```ts
 * import { asNdarray } from '@kenobi/core/node';
 * import ops from 'ndarray-ops';
 * const img = (await readFitsFile('m13.fits')).readImage();
 * const a = asNdarray(img);            // ndarray [300, 300] over img.data.data
 * ops.divseq(a, ops.sup(a));           // normalise in place
 * asNdarray(await readFeatures('feats')).shape; // [rows, dim]
 * asNdarray(out.logits).shape;                  // [N, classes]: a session output { data, dims }
 * ```
 */
export function asNdarray(x: NdarraySource): NdArray<TypedArray> {
  const v = viewOf(x);
  return ndarray(v.data as TypedArray, [...v.shape], [...(v.stride ?? cOrderStrides(v.shape))], v.offset ?? 0);
}

/**
 * A scijs array (any strides and offset: a transposed, sliced or reversed view) as Kenobi's `{ data, shape }`
 * in C order: the array's own memory when it is already C-contiguous, else a copy.
 *
 * @example
 * ```ts
 * const { data, shape } = fromNdarray(nd.transpose(1, 0)); // C-order copy of the transpose
 * writeFits([{ data, shape }]);
 * ```
 */
export function fromNdarray<T extends ViewData>(nd: StridedView<T>): { data: T; shape: number[] } {
  if (!isStridedView(nd)) throw new KenobiError('core/invalid-view', 'fromNdarray takes an array with data (a typed array), shape, stride and offset');
  return { data: cOrderValues(nd), shape: [...nd.shape] };
}
