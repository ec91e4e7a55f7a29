/**
 * What the run API takes as a tensor: plain `{ data, dims }`, or any strided view `{ data, shape, stride?,
 * offset? }` (a scijs array in Node, transposed, sliced or reversed; a `@kenobi/fits` image's `data`), read in
 * C order. Pure TypeScript without code generation, so it is part of the browser build too.
 */
import { cOrderValues, float32View, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import type { ArrayTensor, TensorData } from './kenobi-session.js';
import { RuntimeError } from './runtime-error.js';

/**
 * A tensor as the run API takes it: `{ data, dims }` (row-major) or a strided view (its `shape` is the dims).
 *
 * @example
 * ```ts
 * const a: TensorInput = { data: new Float32Array(784), dims: [1, 1, 28, 28] };
 * const b: TensorInput = ndarray(nhwc, [1, 28, 28, 1]).transpose(0, 3, 1, 2); // NHWC memory seen as NCHW
 * ```
 */
export type TensorInput = ArrayTensor | StridedView;

/**
 * The `{ data, dims }` of a tensor input: the input itself when it has `dims`, else the view's values in C
 * order (no copy when the view is already C-contiguous). Throws `runtime/bad-input` for anything else.
 *
 * @example
 * ```ts
 * arrayTensor({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2], stride: [1, 3] });
 * // { data: Float32Array [1, 4, 2, 5, 3, 6], dims: [3, 2] }
 * ```
 */
export function arrayTensor(x: TensorInput, what = 'input'): ArrayTensor {
  const t = x as Partial<ArrayTensor>;
  if (t !== null && typeof t === 'object' && ArrayBuffer.isView(t.data) && Array.isArray(t.dims)) return x as ArrayTensor;
  // NOTE: ORT takes every ViewData type (Uint8ClampedArray as uint8, Uint32Array as uint32).
  if (isStridedView(x)) return { data: cOrderValues(x) as TensorData, dims: [...x.shape] };
  throw new RuntimeError('runtime/bad-input', `${what} must be { data, dims } or a strided view { data, shape, stride?, offset? } over a typed array`);
}

/**
 * The float32 values and dims of a batch (`runBatched`'s input): a Float32Array with its dims, or a strided
 * view whose shape is the dims (other element types are converted to float32).
 *
 * @example
 * ```ts
 * floatBatch(ndarray(u8, [2, 28, 28, 1]).transpose(0, 3, 1, 2)); // { data: Float32Array(1568), dims: [2, 1, 28, 28] }
 * ```
 */
export function floatBatch(input: Float32Array | StridedView, dims?: readonly number[]): { data: Float32Array; dims: readonly number[] } {
  if (input instanceof Float32Array) {
    if (!dims) throw new RuntimeError('runtime/bad-input', 'a Float32Array batch needs its dims ([N, ...])');
    return { data: input, dims };
  }
  const view = float32View(input, dims);
  if (typeof view === 'string') throw new RuntimeError('runtime/bad-input', isStridedView(input) ? view : 'the batch must be a Float32Array with dims, or a strided view { data, shape, stride?, offset? }');
  return view;
}
