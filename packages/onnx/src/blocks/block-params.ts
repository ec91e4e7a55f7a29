/**
 * Params per block, counted as `summary` counts them (trainable + BatchNorm statistics; quantization scales
 * and zero points apart; a shared initializer at its first reader), including weights a node reads through
 * constant-only nodes (e.g. a Reshape of an initializer).
 */
import type { GraphView } from '../graph-view.js';
import type { NodeProto } from '../onnx-types.js';
import { classifyInitializers, countsAsParam } from '../param-kinds.js';
import { readsOf, type Dataflow } from './cut-points.js';

/** Params and trainable params of a set of nodes. */
export interface ParamCount {
  readonly params: number;
  readonly trainable: number;
}

/**
 * A counter over one model: each call counts the initializers its nodes read that no earlier call counted.
 *
 * @example
 * ```ts
 * const count = blockParams(view, flow);
 * count(stemNodes);  // { params: 9536, trainable: 9408 }
 * count(stemNodes);  // { params: 0, trainable: 0 } (already counted)
 * ```
 */
export function blockParams(view: GraphView, flow: Dataflow): (nodes: readonly NodeProto[]) => ParamCount {
  const kinds = classifyInitializers(view);
  const seen = new Set<string>();
  return (nodes) => {
    let params = 0;
    let trainable = 0;
    for (const n of nodes) {
      const stack = readsOf(n).filter((t) => !flow.data.has(t));
      while (stack.length > 0) {
        const t = stack.pop()!;
        if (seen.has(t)) continue;
        seen.add(t);
        const k = kinds.get(t);
        if (k) {
          if (countsAsParam(k.kind)) params += k.count;
          if (k.kind === 'trainable' || k.kind === 'quantized-weight') trainable += k.count;
          continue;
        }
        const p = view.producer.get(t);
        if (p) stack.push(...readsOf(p));
      }
    }
    return { params, trainable };
  };
}
