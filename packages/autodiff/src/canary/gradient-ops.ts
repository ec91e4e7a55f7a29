/**
 * The ops of a built gradient graph that a device must compute right: the differentiated ops (each has a rule
 * and canaries of its own) and the op types the rules wrote (ConvTranspose, ScatterElements, …), found by
 * scanning the graph's nodes.
 */
import type { ModelProto } from '@kenobi/onnx';

/**
 * A gradient graph's ops, by how they are checked.
 *
 * @example
 * ```ts
 * gradientOpsOf(g); // { differentiated: ['Conv', 'MaxPool', 'Relu'], emitted: ['ConvTranspose', 'ScatterElements', ...], forwardOnly: [] }
 * ```
 */
export interface GradientOps {
  /** Op types on the trainable path (`GradientGraph.differentiatedOps`), unique, sorted. */
  readonly differentiated: readonly string[];
  /** Op types of the nodes the rules wrote (training forward rewrites and backward), unique, sorted. */
  readonly emitted: readonly string[];
  /** Op types of forward nodes off the trainable path (plain inference: not checked by the gradient canaries). */
  readonly forwardOnly: readonly string[];
}

/**
 * True for a node a gradient rule wrote. NOTE: `GraphWriter` names the nodes it emits `grad/<node>/<Op>` (backward)
 * and `train/<node>/<Op>` (training forward rewrites); forward nodes keep the model's names. `gradient-ops.test.ts`
 * pins this down, so a change in the writer's naming fails there.
 *
 * @example
 * ```ts
 * isEmittedNode({ name: 'grad/conv1/ConvTranspose' }); // true
 * ```
 */
export function isEmittedNode(node: { readonly name?: string | null }): boolean {
  const name = node.name ?? '';
  return name.startsWith('grad/') || name.startsWith('train/');
}

const sorted = (ops: Iterable<string>): readonly string[] => Object.freeze([...new Set(ops)].sort());

/**
 * The ops of a gradient graph (a `GradientGraph`, or anything with its `model` and `differentiatedOps`, such as
 * `@kenobi/learn`'s training plan), or of a plain list of differentiated op types.
 *
 * @example
 * ```ts
 * const g = buildGradientGraph(model, { loss: 'loss', wrt: ['w'] });
 * gradientOpsOf(g).emitted.includes('ConvTranspose'); // true when the model has a Conv on the path
 * gradientOpsOf(['Relu', 'Gemm']);                    // { differentiated: ['Gemm', 'Relu'], emitted: [], forwardOnly: [] }
 * ```
 */
export function gradientOpsOf(graph: { readonly model: ModelProto; readonly differentiatedOps: readonly string[] } | readonly string[]): GradientOps {
  if (isOpList(graph)) return Object.freeze({ differentiated: sorted(graph), emitted: sorted([]), forwardOnly: sorted([]) });
  const differentiated = new Set(graph.differentiatedOps);
  const emitted: string[] = [];
  const forward: string[] = [];
  for (const node of graph.model.graph?.node ?? []) (isEmittedNode(node) ? emitted : forward).push(node.op_type ?? '');
  return Object.freeze({
    differentiated: sorted(differentiated),
    emitted: sorted(emitted),
    forwardOnly: sorted(forward.filter((op) => !differentiated.has(op))),
  });
}

function isOpList(x: unknown): x is readonly string[] {
  return Array.isArray(x);
}
