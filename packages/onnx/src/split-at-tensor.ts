/**
 * `splitAtTensor`: a model cut in two at one tensor, `front` (inputs → tensor) and `back` (tensor → the
 * model's other outputs), so the costly deterministic part runs once and a cheap stochastic part (an
 * MC-dropout head) runs many times on its result.
 */
import { cutAtTensor } from './cut-at-tensor.js';
import { graphView, isConstantDerived, subgraphOuterInputs, type GraphView } from './graph-view.js';
import { nearestNames } from '@kenobi/core';
import { OnnxError } from './onnx-error.js';
import type { ModelProto, NodeProto, ValueInfoProto } from './onnx-types.js';

/** The two models {@link splitAtTensor} makes. */
export interface SplitModel {
  /** Graph inputs → the tensor (its only output), as `cutAtTensor(model, tensor, { pool: 'none' })`. */
  readonly front: ModelProto;
  /** The tensor (its only graph input) → the original outputs other than the tensor itself. */
  readonly back: ModelProto;
  /** The tensor the model was split at (front's output and back's input). */
  readonly tensor: string;
}

/**
 * Splits a model at `tensor`. `front` computes the tensor from the model's inputs; `back` takes the tensor
 * as its only input and computes every original output except the tensor itself, keeping only the nodes,
 * initializers and value_info it needs (same opsets, IR version and metadata). Running `back` on `front`'s
 * output gives the full model's outputs.
 *
 * Throws `onnx/unknown-tensor` (with the nearest names) when the tensor does not exist, `onnx/split-output`
 * when an output does not depend on the tensor at all (e.g. the backbone's own classifier), and
 * `onnx/split-crossing` when the back part also reads a tensor computed before the split (a skip
 * connection around it) or another graph input.
 *
 * @example
 * ```ts
 * const { front, back } = splitAtTensor(exported, 'features');
 * // front: pixels [N,3,224,224] → features [N,1024]   (run once per batch)
 * // back:  features [N,1024]    → probabilities [N,2] (run once per MC-dropout sample)
 * ```
 */
export function splitAtTensor(model: ModelProto, tensor: string): SplitModel {
  const view = graphView(model);
  if (!view.tensorNames.includes(tensor)) {
    const near = nearestNames(tensor, view.tensorNames, { count: 5 });
    throw new OnnxError('onnx/unknown-tensor', `no tensor named '${tensor}' in the model; nearest: ${near.map((n) => `'${n}'`).join(', ')}`, { details: { nearest: near } });
  }
  const front = cutAtTensor(model, tensor, { pool: 'none' });
  const frontTensors = ancestors(view, tensor);
  const memo = new Map<string, boolean>();
  const wanted = view.outputs.filter((o) => o.name !== tensor);
  const keep = new Set<NodeProto>();
  const needed = new Set<string>();
  const unrelated: string[] = [];
  const crossings: (Leak & { output: string })[] = [];
  for (const out of wanted) {
    const walk = backClosure(view, out.name ?? '', tensor, frontTensors, memo);
    if (walk.leaks.length > 0 && !walk.reachesSplit) unrelated.push(out.name ?? '');
    else for (const l of walk.leaks) crossings.push({ output: out.name ?? '', ...l });
    walk.nodes.forEach((n) => keep.add(n));
    walk.tensors.forEach((t) => needed.add(t));
  }
  if (unrelated.length > 0) {
    throw new OnnxError('onnx/split-output', `output${unrelated.length > 1 ? 's' : ''} ${quoted(unrelated)} cannot be computed from '${tensor}' alone`, {
      hint: `split at a tensor every output depends on, or drop ${unrelated.length > 1 ? 'those outputs' : 'that output'} first`,
      details: { outputs: unrelated, tensor },
    });
  }
  if (crossings.length > 0) {
    const first = crossings[0]!;
    const what = first.graphInput ? 'another graph input' : `computed before '${tensor}'`;
    throw new OnnxError('onnx/split-crossing', `node '${first.node}' after '${tensor}' also reads '${first.tensor}' (${what}) for output '${first.output}'; the back part would need more than '${tensor}'`, {
      hint: 'split at a tensor no later node bypasses (e.g. after the skip connection joins)',
      details: { crossings, tensor },
    });
  }
  const nodes = view.nodes.filter((n) => keep.has(n));
  const seen = new Set<string>();
  const initializer = [...view.initializers.values()].filter((t) => {
    const name = t.name ?? '';
    if (name === tensor || !needed.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
  const produced = new Set(nodes.flatMap((n) => n.output ?? []));
  const frontOut = front.graph?.output?.[0];
  const input: ValueInfoProto = frontOut?.type?.tensor_type?.elem_type ? frontOut : view.valueInfo.get(tensor) ?? frontOut ?? { name: tensor };
  const back: ModelProto = {
    ...model,
    graph: {
      ...view.graph,
      name: `${view.graph.name || 'graph'}_after_${tensor}`,
      node: nodes,
      initializer,
      sparse_initializer: [],
      input: [{ ...input, name: tensor }],
      output: wanted,
      value_info: (view.graph.value_info ?? []).filter((v) => produced.has(v.name ?? '')),
    },
  };
  return { front, back, tensor };
}

/** Every tensor computed on the way to `tensor` (itself excluded). */
function ancestors(view: GraphView, tensor: string): Set<string> {
  const out = new Set<string>();
  const stack = [...inputsOf(view.producer.get(tensor))];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (out.has(t)) continue;
    out.add(t);
    stack.push(...inputsOf(view.producer.get(t)));
  }
  return out;
}

function inputsOf(node: NodeProto | undefined): string[] {
  return node ? [...(node.input ?? []), ...subgraphOuterInputs(node)].filter((i) => i) : [];
}

interface Closure {
  readonly nodes: Set<NodeProto>;
  readonly tensors: Set<string>;
  readonly reachesSplit: boolean;
  /** Tensors before the split (or graph inputs) the back part would read, and the node reading each. */
  readonly leaks: Leak[];
}

/** A tensor the back part would read besides the split tensor, and the node (or output) reading it. */
interface Leak {
  readonly tensor: string;
  readonly node: string;
  readonly graphInput: boolean;
}

/** The nodes `output` needs when `split` is given; constants computed before the split are copied. */
function backClosure(view: GraphView, output: string, split: string, front: ReadonlySet<string>, memo: Map<string, boolean>): Closure {
  const nodes = new Set<NodeProto>();
  const tensors = new Set<string>();
  const leaks: Leak[] = [];
  let reachesSplit = false;
  const stack: { t: string; reader: string }[] = [{ t: output, reader: `output ${output}` }];
  while (stack.length > 0) {
    const { t, reader } = stack.pop()!;
    if (t === split) {
      reachesSplit = true;
      continue;
    }
    if (tensors.has(t)) continue;
    tensors.add(t);
    if (view.initializers.has(t)) continue;
    const p = view.producer.get(t);
    if (!p || (front.has(t) && !isConstantDerived(view, t, memo))) {
      leaks.push({ tensor: t, node: reader, graphInput: !p });
      continue;
    }
    nodes.add(p);
    for (const i of inputsOf(p)) stack.push({ t: i, reader: p.name || `${p.op_type} → ${p.output?.[0] ?? ''}` });
  }
  return { nodes, tensors, reachesSplit, leaks };
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}
