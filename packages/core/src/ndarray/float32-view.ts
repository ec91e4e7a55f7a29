/**
 * The float32 values of a strided view in C order, as every API that takes "a Float32Array or a scijs array"
 * needs them before it builds a tensor.
 */
import { cOrderValues, isStridedView, type StridedView } from './strided-view.js';

/**
 * A strided view's values in C order as a Float32Array (no copy when the view is C-contiguous float32; other
 * element types are converted) with its shape as the dims; or, as a string, why `view` cannot be read: it is
 * not a strided view, or `dims` was given and differs from its shape. Callers throw their own typed error.
 *
 * @example
 * ```ts
 * float32View({ data: Float32Array.of(1, 2, 3, 4), shape: [2, 2], stride: [1, 2] }); // { data: [1, 3, 2, 4], dims: [2, 2] }
 * float32View({ data: Float32Array.of(1, 2), shape: [2] }, [1, 2]); // "dims [1, 2] differ from the view's shape [2]"
 * ```
 */
export function float32View(view: unknown, dims?: readonly number[]): { data: Float32Array; dims: readonly number[] } | string {
  if (!isStridedView(view)) return 'not a strided view { data, shape, stride?, offset? } over a typed array';
  const v = view as StridedView;
  if (dims && (dims.length !== v.shape.length || dims.some((d, i) => d !== v.shape[i]))) return `dims [${dims.join(', ')}] differ from the view's shape [${v.shape.join(', ')}]`;
  const values = cOrderValues(v);
  return { data: values instanceof Float32Array ? values : Float32Array.from(values), dims: [...v.shape] };
}
