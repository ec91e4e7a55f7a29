/**
 * Tensor shapes for the block finder: exact ones when given (e.g. from `probeTensorShapes`), else static
 * inference from the model's input shape.
 */
import type { GraphView } from '../graph-view.js';
import { inferStaticShapes } from '../static-shapes.js';
import type { Dim } from '../onnx-types.js';

/** Shapes by tensor name. */
export interface ShapeLookup {
  /** A tensor's dims (numbers, symbolic names, '?'), or undefined when not even its rank is known. */
  dims(tensor: string): readonly Dim[] | undefined;
  /** A tensor's rank, when known. */
  rank(tensor: string): number | undefined;
}

/**
 * A shape lookup for a model: `shapes` win, then static inference (with `inputShape` for the first input).
 *
 * @example
 * ```ts
 * shapeLookup(graphView(model), { inputShape: [1, 3, 64, 64] }).dims('flatten'); // [1, 256]
 * ```
 */
export function shapeLookup(view: GraphView, options: { inputShape?: readonly number[]; shapes?: Readonly<Record<string, readonly number[]>> } = {}): ShapeLookup {
  const first = view.inputs[0]?.name ?? '';
  const info = inferStaticShapes(view, options.inputShape ? { [first]: options.inputShape } : {});
  const dims = (t: string): readonly Dim[] | undefined => options.shapes?.[t] ?? info.get(t)?.dims;
  return { dims, rank: (t) => dims(t)?.length };
}

/**
 * False only when two feature maps surely differ in channels or spatial size (dims after the batch that are
 * numbers in both and unequal, or different ranks); unknown dims count as equal.
 *
 * @example
 * ```ts
 * sameFeatureShape([1, 64, 56, 56], ['N', 64, 56, 56]); // true
 * sameFeatureShape([1, 64, 56, 56], [1, 128, 28, 28]);  // false
 * ```
 */
export function sameFeatureShape(a: readonly Dim[] | undefined, b: readonly Dim[] | undefined): boolean {
  if (!a || !b) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => i === 0 || typeof d !== 'number' || typeof b[i] !== 'number' || d === b[i]);
}

/**
 * The spatial size (the largest dim after batch and channels) of a feature map, when known.
 *
 * @example
 * ```ts
 * spatialSize([1, 480, 28, 28]); // 28
 * ```
 */
export function spatialSize(dims: readonly Dim[] | undefined): number | undefined {
  const spatial = (dims ?? []).slice(2).filter((d): d is number => typeof d === 'number');
  return spatial.length > 0 && spatial.length === (dims?.length ?? 0) - 2 ? Math.max(...spatial) : undefined;
}
