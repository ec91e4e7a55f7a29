/**
 * Brings every default-domain node of a model from its opset to a later one, op by op and version by version
 * (the table in op-upgrades.ts), as onnx's version_converter does: each node walks the `since_version`s of
 * its op between the two opsets and each change's step rewrites it. Nodes of other domains stay as they are.
 * Anything that cannot be converted exactly is refused with a typed error naming the op, the node and the
 * opsets; quantized graphs are refused first, with the way to their float32 form.
 */
import { graphView, onnx, toSafeNumber, type ModelProto, type ValueInfoProto } from '@kenobi/onnx';
import { AutodiffError } from '../autodiff-error.js';
import { copyNode } from './node-attrs.js';
import { NEWEST_KNOWN_OPSET, OP_UPGRADES } from './op-upgrades.js';
import { isQuantizedOp, QUANTIZED_HINT } from './quantized.js';
import { unlistedOpUpgrade } from './unlisted-ops.js';
import { UpgradeState } from './upgrade-state.js';
import { SAME, type StepContext } from './upgrade-step.js';

const isDefaultDomain = (domain: string | null | undefined): boolean => !domain || domain === 'ai.onnx';

/**
 * The model with its default-domain opset raised from `from` to `target` (≤ 17) and every node rewritten to
 * mean the same at `target`.
 *
 * @example
 * ```ts
 * const m17 = upgradeGraph(mnist8, 8, 17); // Reshape's shape input, Add without broadcast, ... at opset 17
 * ```
 */
export function upgradeGraph(model: ModelProto, from: number, target: number): onnx.ModelProto {
  if (target > NEWEST_KNOWN_OPSET) {
    throw new AutodiffError('autodiff/bad-option', `cannot upgrade to opset ${target}: the converter knows the ops up to opset ${NEWEST_KNOWN_OPSET}`, { details: { opset: from, target } });
  }
  const view = graphView(model);
  const quantized = view.nodes.find((n) => isQuantizedOp(n.op_type ?? ''));
  if (quantized) {
    throw new AutodiffError('autodiff/unsupported-op', `the model is quantized: ${quantized.op_type} node '${quantized.name ?? ''}' (opset ${from}) has no gradient`, {
      hint: QUANTIZED_HINT,
      details: { op: quantized.op_type, node: quantized.name ?? '', opset: from, target },
    });
  }
  const subgraph = view.nodes.find((n) => (n.attribute ?? []).some((a) => a.g || (a.graphs?.length ?? 0) > 0));
  if (subgraph) {
    throw new AutodiffError('autodiff/unsupported-op', `cannot bring ${subgraph.op_type} node '${subgraph.name ?? ''}' from opset ${from} to ${target}: nodes with subgraphs are not converted`, {
      details: { op: subgraph.op_type, node: subgraph.name ?? '', opset: from, target },
    });
  }
  const state = new UpgradeState(view, from, target);
  const nodes: onnx.NodeProto[] = [];
  for (const original of view.nodes) {
    if (!isDefaultDomain(original.domain)) {
      nodes.push(original as onnx.NodeProto);
      continue;
    }
    const queued = { before: [] as onnx.NodeProto[], after: [] as onnx.NodeProto[] };
    const ctx: StepContext = state.contextFor(original as onnx.NodeProto, queued);
    const node = copyNode(original as onnx.NodeProto);
    let cursor = from;
    for (;;) {
      const op = node.op_type ?? '';
      const entry = OP_UPGRADES[op] ?? unlistedOpUpgrade(op);
      if (!entry) ctx.refuse(`'${op}' is no ONNX op of the default domain known to this converter (onnx 1.12, opsets up to ${NEWEST_KNOWN_OPSET})`, { hint: 'export the model without it, or at opset 17' });
      if (entry.deprecatedFrom !== undefined && cursor >= entry.deprecatedFrom) {
        ctx.refuse(`${op} is deprecated from opset ${entry.deprecatedFrom} (ONNX Runtime refuses it)`, { code: 'autodiff/unsupported-op' });
      }
      const next = entry.versions.find((v) => v > cursor && v <= target);
      if (next === undefined) break;
      const step = entry.steps[next];
      if (step === undefined) ctx.refuse(`no step for ${op}'s opset-${next} change`);
      if (step !== SAME) step(node, ctx);
      cursor = next;
    }
    nodes.push(...queued.before, node, ...queued.after);
  }
  const graph = view.graph;
  const keep = (v: ValueInfoProto): boolean => !state.dropped.has(v.name ?? '');
  // NOTE: IR 3 had to list every initializer as a graph input too, and ONNX Runtime reads them as constants
  // there; from IR 4 on such an input is an overridable default that ORT neither folds nor fuses (outputs then
  // move in the last bits: 4e-7 on mnist-8). Dropping them from the inputs keeps IR 3's meaning.
  const irVersion = toSafeNumber(model.ir_version, 'ir_version');
  const oldIr = irVersion < 4;
  const inputs = oldIr ? (graph.input ?? []).filter((i) => !view.initializers.has(i.name ?? '')) : graph.input ?? [];
  const upgradedGraph = onnx.GraphProto.create({
    ...graph,
    node: nodes,
    input: inputs,
    initializer: [...(graph.initializer ?? []), ...state.initializers],
    value_info: (graph.value_info ?? []).filter(keep),
  });
  const imports = (model.opset_import ?? []).filter((o) => !isDefaultDomain(o.domain));
  return onnx.ModelProto.create({
    ...model,
    graph: upgradedGraph,
    opset_import: [...imports, onnx.OperatorSetIdProto.create({ domain: '', version: target })],
    // NOTE: opset 17 needs IR version 8
    ir_version: Math.max(irVersion, 8),
  });
}
