/**
 * Adds intermediate tensors to a model's outputs, so ONNX Runtime returns them (it returns only declared
 * graph outputs).
 */
import type { ModelProto, ValueInfoProto } from './onnx-types.js';
import { graphView } from './graph-view.js';

/**
 * A copy of `model` whose graph also outputs the named tensors (types left for ORT to infer). The original is
 * not changed; tensors are shared, not copied.
 *
 * @example
 * ```ts
 * const m = exposeTensors(model, ['avg_pool']);
 * // session.run(...) now also returns avg_pool: [N, 1024]
 * ```
 */
export function exposeTensors(model: ModelProto, names: readonly string[]): ModelProto {
  const graph = model.graph ?? {};
  const have = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const extra: ValueInfoProto[] = [];
  for (const n of names) if (!have.has(n)) { have.add(n); extra.push({ name: n }); }
  return { ...model, graph: { ...graph, output: [...(graph.output ?? []), ...extra] } };
}

/**
 * A copy of `model` that outputs every node output (for exact shapes or layer-by-layer comparisons).
 *
 * @example
 * ```ts
 * const all = exposeAllTensors(model); // run once: every intermediate tensor comes back
 * ```
 */
export function exposeAllTensors(model: ModelProto): ModelProto {
  const view = graphView(model);
  return exposeTensors(model, view.nodes.flatMap((n) => (n.output ?? []).filter((o) => o)));
}
