/**
 * Output sizes of windowed ops (Conv, MaxPool, AveragePool) as ONNX defines them, for the builder's shape
 * tracking. A symbolic dimension (a string such as 'N') passes through unchanged.
 */

/**
 * A dimension: a fixed size, or a symbolic name such as 'N'.
 *
 * @example
 * ```ts
 * const dims: Dim[] = ['N', 3, 224, 224];
 * ```
 */
export type Dim = number | string;

/**
 * Window geometry along the spatial axes (one entry per spatial axis; pads: all begins, then all ends).
 *
 * @example
 * ```ts
 * const g: WindowGeometry = { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 1] };
 * ```
 */
export interface WindowGeometry {
  kernel: readonly number[];
  strides: readonly number[];
  pads: readonly number[];
  dilations: readonly number[];
  ceilMode?: boolean;
}

/**
 * The spatial output dims of a windowed op: floor (or ceil) of (in + padBegin + padEnd − dilation·(k−1) − 1) / stride + 1.
 * With `ceilMode`, a last window that would start in the end padding is dropped, as ONNX and PyTorch do.
 *
 * @example
 * ```ts
 * windowOutputDims([224, 224], { kernel: [7, 7], strides: [2, 2], pads: [3, 3, 3, 3], dilations: [1, 1] }); // [112, 112]
 * windowOutputDims([112, 112], { kernel: [3, 3], strides: [2, 2], pads: [0, 0, 0, 0], dilations: [1, 1], ceilMode: true }); // [56, 56]
 * ```
 */
export function windowOutputDims(spatial: readonly Dim[], g: WindowGeometry): Dim[] {
  const n = spatial.length;
  return spatial.map((size, i) => {
    if (typeof size === 'string') return size;
    const begin = g.pads[i]!;
    const end = g.pads[i + n]!;
    const span = size + begin + end - g.dilations[i]! * (g.kernel[i]! - 1) - 1;
    let out = (g.ceilMode ? Math.ceil(span / g.strides[i]!) : Math.floor(span / g.strides[i]!)) + 1;
    if (g.ceilMode && (out - 1) * g.strides[i]! >= size + begin) out -= 1;
    return out;
  });
}

/**
 * Expand a number or a per-axis list to one entry per spatial axis.
 *
 * @example
 * ```ts
 * perAxis(3, 2);      // [3, 3]
 * perAxis([3, 5], 2); // [3, 5]
 * ```
 */
export function perAxis(value: number | readonly number[], rank: number): number[] {
  return typeof value === 'number' ? new Array<number>(rank).fill(value) : [...value];
}

/**
 * ONNX pads (all begins, then all ends) from a single number, a per-axis symmetric list, or the full list.
 *
 * @example
 * ```ts
 * onnxPads(1, 2);            // [1, 1, 1, 1]
 * onnxPads([1, 2], 2);       // [1, 2, 1, 2]
 * onnxPads([0, 0, 1, 1], 2); // [0, 0, 1, 1]
 * ```
 */
export function onnxPads(value: number | readonly number[], rank: number): number[] {
  if (typeof value === 'number') return new Array<number>(2 * rank).fill(value);
  if (value.length === rank) return [...value, ...value];
  return [...value];
}
