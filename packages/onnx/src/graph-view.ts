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
  // NOTE: a min-heap of ready node indices (the smallest first keeps file order): sorting the whole ready list
  // for every node took minutes on a wide unsorted graph (found by the fuzzer).
  const ready = new MinHeap();
  remaining.forEach((r, i) => { if (r === 0) ready.push(i); });
  const order: number[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(i);
    for (const j of dependents[i]!) if (--remaining[j]! === 0) ready.push(j);
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((_, i) => remaining[i]! > 0).slice(0, 3).map((n) => n.name || n.op_type);
    throw new OnnxError('onnx/cycle', `the graph has a cycle through nodes ${stuck.join(', ')}`);
  }
  return order.map((i) => nodes[i]!);
}

/** A binary min-heap of non-negative integers. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(v: number): void {
    const a = this.items;
    a.push(v);
    for (let k = a.length - 1; k > 0;) {
      const parent = (k - 1) >> 1;
      if (a[parent]! <= v) break;
      a[k] = a[parent]!;
      a[parent] = v;
      k = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let k = 0; ;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === k) break;
        [a[k], a[m]] = [a[m]!, a[k]!];
        k = m;
      }
    }
    return top;
  }
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
  // NOTE: an explicit stack, not recursion: a graph may chain tens of thousands of nodes, and recursing once per
  // node overflowed the call stack (a RangeError, found by the fuzzer). A tensor met again while its own
  // inputs are being decided (a cycle) counts as not constant, as before.
  const visiting = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const t = stack[stack.length - 1]!;
    if (memo.has(t)) {
      stack.pop();
      continue;
    }
    const constant = constantTensor(view, t) !== undefined;
    const ins = constant ? [] : (view.producer.get(t)?.input ?? []).filter((i) => i);
    if (ins.length === 0) {
      memo.set(t, constant);
      stack.pop();
    } else if (!visiting.has(t)) {
      visiting.add(t);
      for (const i of ins) if (!memo.has(i) && !visiting.has(i)) stack.push(i);
    } else {
      memo.set(t, ins.every((i) => memo.get(i) === true));
      visiting.delete(t);
      stack.pop();
    }
  }
  return memo.get(name) ?? false;
}
