/** Dims the spatial rules need as numbers: channels and spatial sizes (the batch may stay symbolic). */
import type { GradContext } from '../gradient-rule.js';

/**
 * The dims of `tensor` from axis `from` on, as numbers; a typed 'autodiff/unknown-shape' error when one of
 * them is unknown or symbolic, or the tensor has fewer than 3 dims (no [N, C, …spatial] layout).
 *
 * @example
 * ```ts
 * staticDims(ctx, 'x');    // [3, 224, 224] for x ['N', 3, 224, 224]
 * staticDims(ctx, 'w', 0); // [64, 3, 7, 7]
 * ```
 */
export function staticDims(ctx: GradContext, tensor: string, from = 1): number[] {
  const dims = ctx.dims(tensor);
  const rest = dims.slice(from);
  if (dims.length < 3 || rest.some((d) => typeof d !== 'number')) {
    ctx.fail('autodiff/unknown-shape', `'${tensor}' has dims [${dims.join(', ')}]: dims from axis ${from} on must be static numbers (give inputShapes)`);
  }
  return rest as number[];
}
