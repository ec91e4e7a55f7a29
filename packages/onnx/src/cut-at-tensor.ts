/**
 * `cutAtTensor`: a feature extractor made from a model: its single output is the chosen tensor (optionally
 * globally pooled and flattened to [N, C]), and everything not needed to compute it is pruned.
 */
import { graphView, subgraphOuterInputs } from './graph-view.js';
import { nearestNames } from '@kenobi/core';
import { OnnxError } from './onnx-error.js';
import { inferStaticShapes } from './static-shapes.js';
import { toLong } from './long-number.js';
import type { Dim, ModelProto, NodeProto, ValueInfoProto } from './onnx-types.js';

/** How to reduce a cut tensor of rank ≥ 3 to [N, C]. */
export const POOL_MODES = Object.freeze(['avg', 'max', 'none'] as const);
/** One of {@link POOL_MODES}. */
export type PoolMode = (typeof POOL_MODES)[number];

/** Options for {@link cutAtTensor}. */
export interface CutOptions {
  /** 'avg' (GlobalAveragePool + Flatten), 'max' (GlobalMaxPool + Flatten) or 'none' (default). Tensors of rank 2 are left as they are. */
  readonly pool?: PoolMode;
  /** The tensor's rank, when static inference cannot tell it (e.g. from `probeTensorShapes`). */
  readonly rank?: number;
}

/**
 * A new model whose only output is `tensor` (pooled to [N, C] when asked), with every node, initializer,
 * input and value_info it does not need pruned. Throws `onnx/unknown-tensor` listing the nearest names
 * when `tensor` does not exist, `onnx/not-computed` when it is a graph input or an initializer.
 *
 * @example
 * ```ts
 * const features = cutAtTensor(model, 'avg_pool');                   // output avg_pool [N, 1024]
 * const pooled = cutAtTensor(model, 'conv5_block16_concat', { pool: 'avg' }); // [N, 1024] too
 * ```
 */
export function cutAtTensor(model: ModelProto, tensor: string, options: CutOptions = {}): ModelProto {
  const view = graphView(model);
  if (!view.tensorNames.includes(tensor)) {
    const near = nearestNames(tensor, view.tensorNames, { count: 5 });
    throw new OnnxError('onnx/unknown-tensor', `no tensor named '${tensor}' in the model; nearest: ${near.map((n) => `'${n}'`).join(', ')}`, { details: { nearest: near } });
  }
  if (!view.producer.has(tensor)) {
    // NOTE: the cut of a graph input or an initializer would be a graph without nodes, which decodeModel (and
    // ONNX Runtime) refuse; found by the fuzzer re-reading its cuts.
    const what = view.initializers.has(tensor) ? 'an initializer (a weight)' : 'a graph input';
    const computed = view.tensorNames.filter((n) => view.producer.has(n));
    const near = nearestNames(tensor, computed, { count: 5 });
    throw new OnnxError('onnx/not-computed', `'${tensor}' is ${what}, which no node computes: cut at a node's output; nearest: ${near.map((n) => `'${n}'`).join(', ')}`, { details: { nearest: near } });
  }
  const info = inferStaticShapes(view).get(tensor);
  const pool = options.pool ?? 'none';
  const rank = options.rank ?? info?.dims?.length;
  if (pool !== 'none' && rank === undefined) {
    throw new OnnxError('onnx/unknown-rank', `cannot tell the rank of '${tensor}' to pool it`, { hint: "pass { rank } (e.g. from probeTensorShapes) or pool: 'none'" });
  }
  const keep = new Set<NodeProto>();
  const needed = new Set<string>();
  const stack = [tensor];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (needed.has(t)) continue;
    needed.add(t);
    const p = view.producer.get(t);
    if (p && !keep.has(p)) {
      keep.add(p);
      for (const i of [...(p.input ?? []), ...subgraphOuterInputs(p)]) if (i) stack.push(i);
    }
  }
  const nodes = view.nodes.filter((n) => keep.has(n));
  const seenInit = new Set<string>();
  const initializer = [...view.initializers.values()].filter((t) => needed.has(t.name ?? '') && !seenInit.has(t.name ?? '') && seenInit.add(t.name ?? ''));
  const input = (view.graph.input ?? []).filter((i) => needed.has(i.name ?? ''));
  const produced = new Set(nodes.flatMap((n) => n.output ?? []));
  const valueInfo = (view.graph.value_info ?? []).filter((v) => produced.has(v.name ?? '') && v.name !== tensor);
  const elemType = info?.dtype || view.valueInfo.get(tensor)?.type?.tensor_type?.elem_type || 0;
  let output: ValueInfoProto = typedValueInfo(tensor, elemType, info?.dims);
  const opsetImport = [...(model.opset_import ?? [])];
  if (pool !== 'none' && rank! >= 3) {
    const pooled = `${tensor}_kenobi_${pool}pool`;
    const flat = `${tensor}_kenobi_features`;
    nodes.push(
      { name: `kenobi_${pool}pool`, op_type: pool === 'avg' ? 'GlobalAveragePool' : 'GlobalMaxPool', input: [tensor], output: [pooled] },
      { name: 'kenobi_flatten', op_type: 'Flatten', input: [pooled], output: [flat], attribute: [{ name: 'axis', type: 2, i: toLong(1) }] },
    );
    if (!opsetImport.some((o) => !o.domain)) opsetImport.push({ domain: '', version: toLong(13) });
    const dims = info?.dims;
    output = typedValueInfo(flat, elemType, dims ? [dims[0]!, dims[1]!] : undefined);
  }
  return {
    ...model,
    opset_import: opsetImport,
    graph: { ...view.graph, node: nodes, initializer, input, value_info: valueInfo, output: [output], sparse_initializer: [] },
  };
}

function typedValueInfo(name: string, elemType: number, dims: readonly Dim[] | undefined): ValueInfoProto {
  if (!elemType) return { name };
  const shape = dims ? { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: toLong(d) } : d === '?' ? {} : { dim_param: d })) } : undefined;
  return { name, type: { tensor_type: { elem_type: elemType, ...(shape ? { shape } : {}) } } };
}
