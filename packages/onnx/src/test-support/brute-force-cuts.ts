/**
 * Test support: the cut points of a model by their definition, computed the slow way, to check
 * `dataflowCuts` against.
 */
import type { GraphView } from '../graph-view.js';
import { readsOf } from '../blocks/cut-points.js';

/**
 * The definition, checked the slow way: T is a cut point when, with T removed, no graph output can be
 * reached from the inputs any more (O(tensors × nodes)).
 *
 * @example
 * ```ts
 * bruteForceCuts(graphView(model), 'flatten'); // ['conv1', ..., 'flatten']
 * ```
 */
export function bruteForceCuts(view: GraphView, end: string): string[] {
  const inputs = view.inputs.map((i) => i.name ?? '');
  const reach = (without: string | undefined): Set<string> => {
    const seen = new Set(inputs);
    for (const n of view.nodes) {
      if (readsOf(n).some((t) => t !== without && seen.has(t))) for (const o of n.output ?? []) if (o && o !== without) seen.add(o);
    }
    return seen;
  };
  const all = reach(undefined);
  const upstream = new Set<string>([end]);
  for (const n of [...view.nodes].reverse()) if ((n.output ?? []).some((o) => upstream.has(o))) readsOf(n).forEach((t) => upstream.add(t));
  const outputs = view.outputs.map((o) => o.name ?? '');
  return view.nodes.flatMap((n) => n.output ?? []).filter((t) => all.has(t) && upstream.has(t) && (() => {
    const r = reach(t);
    return outputs.every((o) => o === t || !r.has(o));
  })());
}
