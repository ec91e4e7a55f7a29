/**
 * A read-only index over a model's graph: nodes in topological order, who produces and who consumes each
 * tensor, initializers, value_info, the real inputs (initializers excluded), outputs and opsets.
 */
import { OnnxError } from './onnx-error.js';
import { toSafeNumber } from './long-number.js';
import type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './onnx-types.js';

/** The graph of a model, indexed. Build it with {@link graphView}. */
export interface GraphView {
  readonly model: ModelProto;
  readonly graph: GraphProto;
  /** Every node, producers before consumers. */
  readonly nodes: readonly NodeProto[];
  /** The node that writes each tensor. */
  readonly producer: ReadonlyMap<string, NodeProto>;
  /** The nodes that read each tensor, in topological order (a node reading a tensor twice appears once). */
  readonly consumers: ReadonlyMap<string, readonly NodeProto[]>;
  /** Initializers by name (a name listed twice keeps the last, as ORT does). */
  readonly initializers: ReadonlyMap<string, TensorProto>;
  /** Type and shape info by tensor name, from value_info, inputs and outputs. */
  readonly valueInfo: ReadonlyMap<string, ValueInfoProto>;
  /** Graph inputs a caller feeds (initializers listed as inputs, as old IR versions do, are left out). */
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
  /** Opset version per domain ('ai.onnx' for the default domain). */
  readonly opsets: ReadonlyMap<string, number>;
  /** Every tensor name: inputs, initializers and node outputs. */
  readonly tensorNames: readonly string[];
}

/**
 * Indexes a model's graph. Nodes are sorted topologically (stable: a sorted file keeps its order).
 *
 * @example
 * ```ts
 * const view = graphView(model);
 * view.producer.get('avg_pool')?.op_type;            // 'GlobalAveragePool'
 * view.consumers.get('avg_pool')?.map((n) => n.name); // ['fc1000']
 * ```
 */
export function graphView(model: ModelProto): GraphView {
  const graph = model.graph;
  if (!graph) throw new OnnxError('onnx/invalid', 'the model has no graph');
  const initializers = new Map<string, TensorProto>();
  for (const t of graph.initializer ?? []) initializers.set(t.name ?? '', t);
  const nodes = topologicalOrder(graph);
  const producer = new Map<string, NodeProto>();
  const consumers = new Map<string, NodeProto[]>();
  for (const n of nodes) {
    for (const o of n.output ?? []) if (o) producer.set(o, n);
    for (const i of new Set([...(n.input ?? []), ...subgraphOuterInputs(n)])) {
      if (!i) continue;
      const list = consumers.get(i) ?? [];
      list.push(n);
      consumers.set(i, list);
    }
  }
  const valueInfo = new Map<string, ValueInfoProto>();
  for (const v of [...(graph.value_info ?? []), ...(graph.input ?? []), ...(graph.output ?? [])]) valueInfo.set(v.name ?? '', v);
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  const opsets = new Map<string, number>();
  for (const o of model.opset_import ?? []) opsets.set(o.domain || 'ai.onnx', toSafeNumber(o.version, 'opset version'));
  const names = new Set<string>([...inputs.map((i) => i.name ?? ''), ...initializers.keys(), ...producer.keys()]);
  names.delete('');
  return { model, graph, nodes, producer, consumers, initializers, valueInfo, inputs, outputs: graph.output ?? [], opsets, tensorNames: [...names] };
}

/**
 * The graph's nodes with every producer before its consumers (Kahn's algorithm, keeping file order where it
 * can). Throws `onnx/cycle` for a cyclic graph.
 *
 * @example
 * ```ts
 * topologicalOrder(model.graph!).map((n) => n.op_type); // ['Conv', 'Relu', ...]
 * ```
 */
export function topologicalOrder(graph: GraphProto): NodeProto[] {
  const nodes = graph.node ?? [];
  const producerIndex = new Map<string, number>();
  nodes.forEach((n, i) => { for (const o of n.output ?? []) if (o) producerIndex.set(o, i); });
  const deps = nodes.map((n) => {
    const d = new Set<number>();
    for (const i of [...(n.input ?? []), ...subgraphOuterInputs(n)]) {
      const p = producerIndex.get(i);
      if (p !== undefined) d.add(p);
    }
    return d;
  });
  // Fast path: already sorted.
  if (deps.every((d, i) => [...d].every((p) => p < i))) return [...nodes];
  const dependents = nodes.map(() => [] as number[]);
  const remaining = deps.map((d) => d.size);
  deps.forEach((d, i) => d.forEach((p) => dependents[p]!.push(i)));
  const ready: number[] = [];
  remaining.forEach((r, i) => { if (r === 0) ready.push(i); });
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    order.push(i);
    for (const j of dependents[i]!) if (--remaining[j]! === 0) ready.push(j);
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((_, i) => remaining[i]! > 0).slice(0, 3).map((n) => n.name || n.op_type);
    throw new OnnxError('onnx/cycle', `the graph has a cycle through nodes ${stuck.join(', ')}`);
  }
  return order.map((i) => nodes[i]!);
}

/**
 * Names a node's subgraphs (If/Loop/Scan bodies) read from the enclosing graph.
 *
 * @example
 * ```ts
 * subgraphOuterInputs(ifNode); // ['x'] when the then-branch reads outer tensor 'x'
 * ```
 */
export function subgraphOuterInputs(node: NodeProto): string[] {
  const out: string[] = [];
  for (const a of node.attribute ?? []) {
    for (const g of [a.g, ...(a.graphs ?? [])]) {
      if (!g) continue;
      const local = new Set<string>([...(g.input ?? []).map((i) => i.name ?? ''), ...(g.initializer ?? []).map((t) => t.name ?? '')]);
      for (const n of g.node ?? []) {
        for (const i of [...(n.input ?? []), ...subgraphOuterInputs(n)]) if (i && !local.has(i)) out.push(i);
        for (const o of n.output ?? []) local.add(o);
      }
    }
  }
  return out;
}

/**
 * The constant value of a tensor: an initializer, or the `value` of the Constant node that makes it.
 *
 * @example
 * ```ts
 * constantTensor(view, 'Pooling160_Output_0_reshape0_shape'); // int64 tensor [1, 256]
 * ```
 */
export function constantTensor(view: GraphView, name: string): TensorProto | undefined {
  const init = view.initializers.get(name);
  if (init) return init;
  const p = view.producer.get(name);
  if (p?.op_type === 'Constant' && (p.domain ?? '') === '') return p.attribute?.find((a) => a.name === 'value')?.t ?? undefined;
  return undefined;
}

/**
 * True when a tensor is computed from constants only (initializers, Constant nodes), e.g. a weight reshaped
 * in the graph. `memo` caches answers across calls on the same view.
 *
 * @example
 * ```ts
 * isConstantDerived(view, 'Parameter193_reshape1'); // true: Reshape of an initializer
 * ```
 */
export function isConstantDerived(view: GraphView, name: string, memo: Map<string, boolean> = new Map()): boolean {
  const cached = memo.get(name);
  if (cached !== undefined) return cached;
  memo.set(name, false);
  let result = false;
  if (constantTensor(view, name)) result = true;
  else {
    const p = view.producer.get(name);
    const ins = (p?.input ?? []).filter((i) => i);
    result = p !== undefined && ins.length > 0 && ins.every((i) => isConstantDerived(view, i, memo));
  }
  memo.set(name, result);
  return result;
}
