/**
 * Reverse-mode autodiff over an ONNX graph: from a model, a scalar loss tensor in it and the tensors to
 * differentiate (initializers or graph inputs), builds ONE ONNX graph whose outputs are the loss and the
 * gradient of each of those tensors, in standard ONNX ops only, so the inference builds of onnxruntime-node
 * and onnxruntime-web run it (they have none of the `com.microsoft` training ops). Pure TypeScript: it runs
 * nothing.
 */
import { graphView, inferStaticShapes, constantTensor, tensorToNumbers, onnx, type Dim, type ModelProto, type NodeProto } from '@kenobi/onnx';
import { AutodiffError } from './autodiff-error.js';
import { GraphWriter, type GraphPort } from './graph-writer.js';
import { DEFAULT_GRADIENT_FORMS, type GradientForms, type TrainingMode } from './gradient-rule.js';
import { gradientRule } from './rules/registry.js';
import { upgradeOpset } from './opset-upgrade.js';

/** Options of {@link buildGradientGraph}. */
export interface GradientGraphOptions {
  /** The scalar (or one-element) float tensor to differentiate. */
  readonly loss: string;
  /** Tensors to differentiate the loss with respect to: initializers (weights) or graph inputs. */
  readonly wrt: readonly string[];
  /** Training behaviour of BatchNormalization and Dropout on the trainable path (default: BN frozen, dropout off). */
  readonly mode?: Partial<TrainingMode>;
  /** Dims of graph inputs where the model's own are missing or should be fixed (symbolic names allowed). */
  readonly inputShapes?: Readonly<Record<string, readonly Dim[]>>;
  /** Move trainable initializers to graph inputs, so weights change between runs without a rebuild (default true). */
  readonly weightsAsInputs?: boolean;
  /** Forward tensors to output as well (e.g. the predictions), under their own names. */
  readonly keepOutputs?: readonly string[];
  /** Form choices for the kernels that will run the graph (default: ORT CPU's standard kernels). */
  readonly forms?: Partial<GradientForms>;
}

/** A gradient graph and how to bind it. */
export interface GradientGraph {
  readonly model: ModelProto;
  /** Output holding the loss. */
  readonly loss: string;
  /** For each `wrt` tensor, the output holding its gradient (same shape). */
  readonly gradients: ReadonlyMap<string, string>;
  /** Initializers that became graph inputs (feed them every run). */
  readonly weightInputs: readonly GraphPort[];
  /** Inputs rules added (dropout masks: 0 or 1/(1−p), the shape of the node's input). */
  readonly extraInputs: readonly GraphPort[];
  /** Outputs rules added (BN batch statistics and updated running statistics), with the forward tensor each copies. */
  readonly extraOutputs: readonly (GraphPort & { readonly source: string })[];
  /** The ops on the trainable path, in forward order (for reports). */
  readonly differentiatedOps: readonly string[];
}

/** The opset every gradient graph uses at least (ScatterElements with `reduction` needs 16). */
export const GRADIENT_OPSET = 17;

/**
 * Builds the gradient graph of `options.loss` with respect to `options.wrt`.
 *
 * @example
 * ```ts
 * import { buildGradientGraph } from '@kenobi/autodiff';
 * const g = buildGradientGraph(model, { loss: 'loss', wrt: ['conv1.weight', 'conv1.bias'], inputShapes: { x: ['N', 3, 64, 64] } });
 * g.gradients.get('conv1.weight'); // 'conv1.weight_grad' ([32, 3, 6, 6], like the weight)
 * ```
 */
export function buildGradientGraph(model: ModelProto, options: GradientGraphOptions): GradientGraph {
  const mode: TrainingMode = { batchNorm: options.mode?.batchNorm ?? 'frozen', dropout: options.mode?.dropout ?? 'off' };
  const upgraded = upgradeOpset(model, GRADIENT_OPSET);
  const view = graphView(upgraded);
  const opset = view.opsets.get('ai.onnx') ?? GRADIENT_OPSET;
  const info = inferStaticShapes(view, options.inputShapes ?? {});
  const shapes = new Map<string, readonly Dim[] | undefined>([...info].map(([k, v]) => [k, v.dims]));
  const isFloat = (t: string): boolean => { const d = info.get(t)?.dtype ?? 0; return d === 0 || d === 1; };
  const known = new Set(view.tensorNames);

  if (!known.has(options.loss)) throw new AutodiffError('autodiff/unknown-tensor', `loss tensor '${options.loss}' is not in the graph`);
  const lossDims = shapes.get(options.loss);
  if (lossDims && lossDims.some((d) => d !== 1)) {
    throw new AutodiffError('autodiff/bad-option', `loss '${options.loss}' must be a scalar or one element, has dims [${lossDims.join(', ')}]`);
  }
  if (options.wrt.length === 0) throw new AutodiffError('autodiff/bad-option', 'wrt is empty: name the tensors to differentiate');
  for (const t of options.wrt) if (!known.has(t)) throw new AutodiffError('autodiff/unknown-tensor', `'${t}' (in wrt) is not a tensor of the graph`);

  // tensors that depend on a wrt tensor, and tensors the loss depends on
  const requires = new Set(options.wrt);
  for (const node of view.nodes) {
    if ((node.input ?? []).some((i) => requires.has(i))) for (const o of node.output ?? []) if (o && isFloat(o)) requires.add(o);
  }
  const needed = new Set([options.loss]);
  for (let i = view.nodes.length - 1; i >= 0; i--) {
    const node = view.nodes[i]!;
    if ((node.output ?? []).some((o) => needed.has(o))) for (const x of node.input ?? []) if (x) needed.add(x);
  }
  const active = view.nodes.filter((n) => (n.output ?? []).some((o) => needed.has(o) && requires.has(o)));
  for (const node of active) {
    const rule = gradientRule(node.op_type ?? '', node.domain ?? '');
    if (!rule) {
      throw new AutodiffError('autodiff/unsupported-op', `no gradient rule for op '${node.op_type}' (node '${node.name ?? ''}') on the trainable path to '${options.loss}'`, {
        hint: 'freeze the part of the model before this node, or cut the model after it',
        details: { op: node.op_type, node: node.name },
      });
    }
  }

  const constants = (t: string): number[] | undefined => {
    const c = constantTensor(view, t);
    return c ? tensorToNumbers(c) : undefined;
  };
  const writer = new GraphWriter(view.tensorNames, shapes, constants, opset, mode, { ...DEFAULT_GRADIENT_FORMS, ...options.forms });
  for (const node of active) {
    const why = gradientRule(node.op_type ?? '', node.domain ?? '')!.unsupported?.(node, writer.contextFor(node));
    if (why) throw new AutodiffError('autodiff/unsupported-attribute', `${node.op_type} node '${node.name ?? ''}': ${why}`, { details: { op: node.op_type, node: node.name } });
  }

  // forward: every node as it is, except active nodes whose rule rewrites them for training
  const activeSet = new Set(active);
  const forward: onnx.NodeProto[] = [];
  for (const node of view.nodes) {
    const rule = activeSet.has(node) ? gradientRule(node.op_type ?? '', node.domain ?? '') : undefined;
    const before = writer.nodes.length;
    if (rule?.trainingForward?.(writer.contextFor(node, `train/${node.name || node.op_type}`), node)) {
      forward.push(...writer.nodes.splice(before));
    } else {
      forward.push(node as onnx.NodeProto);
    }
  }

  // backward
  const contributions = new Map<string, string[]>();
  const add = (t: string, g: string): void => { const l = contributions.get(t); if (l) l.push(g); else contributions.set(t, [g]); };
  const gradOf = (t: string, ctxNode: NodeProto): string | undefined => {
    const l = contributions.get(t);
    if (!l || l.length === 0) return undefined;
    if (l.length === 1) return l[0];
    const ctx = writer.contextFor(ctxNode, `grad/sum/${t}`);
    const sum = ctx.op(l.length === 2 ? 'Add' : 'Sum', l);
    contributions.set(t, [sum]);
    return sum;
  };
  {
    const seed = writer.contextFor(view.nodes[0] ?? onnx.NodeProto.create({ op_type: 'Seed' }), 'grad/seed');
    add(options.loss, seed.constF32([1], lossDims ? [...lossDims] as number[] : []));
  }
  for (let i = active.length - 1; i >= 0; i--) {
    const node = active[i]!;
    const dOut = (node.output ?? []).map((o) => (o ? gradOf(o, node) : undefined));
    if (dOut.every((d) => d === undefined)) continue;
    const wants = (node.input ?? []).map((x) => x !== '' && requires.has(x));
    const rule = gradientRule(node.op_type ?? '', node.domain ?? '')!;
    const dIn = rule.backward(writer.contextFor(node), node, dOut, wants);
    (node.input ?? []).forEach((x, k) => { const g = dIn[k]; if (g && wants[k]) add(x, g); });
  }

  const gradients = new Map<string, string>();
  const outputs: (GraphPort & { source: string })[] = [];
  for (const t of options.wrt) {
    const g = gradOf(t, active[0] ?? view.nodes[0]!);
    if (!g) throw new AutodiffError('autodiff/no-path', `the loss '${options.loss}' does not depend on '${t}'`, { hint: 'leave it out of wrt (it is frozen or unused)' });
    const name = writer.fresh(`${t}_grad`);
    writer.emit('Identity', [g], {}, [name], `grad/out/${t}`);
    gradients.set(t, name);
    outputs.push({ name, dims: shapes.get(t) ?? [], source: t });
  }

  const weightsAsInputs = options.weightsAsInputs ?? true;
  const wrtSet = new Set(options.wrt);
  const weightInputs: GraphPort[] = [];
  const initializers = (upgraded.graph?.initializer ?? []).filter((t) => {
    if (weightsAsInputs && wrtSet.has(t.name ?? '')) {
      weightInputs.push({ name: t.name!, dims: (t.dims ?? []).map(Number) });
      return false;
    }
    return true;
  });

  const valueInfo = (name: string, dims: readonly Dim[] | undefined): onnx.ValueInfoProto => onnx.ValueInfoProto.create({
    name,
    type: { tensor_type: { elem_type: onnx.TensorProto.DataType.FLOAT, shape: dims ? { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: String(d) })) } : null } },
  });
  const graphOutputs = [
    valueInfo(options.loss, lossDims),
    ...outputs.map((o) => valueInfo(o.name, o.dims)),
    ...writer.outputs.map((o) => valueInfo(o.name, o.dims)),
    ...(options.keepOutputs ?? []).filter((t) => t !== options.loss).map((t) => valueInfo(t, shapes.get(t))),
  ];
  const graphInputs = [
    ...(upgraded.graph?.input ?? []).filter((i) => !(upgraded.graph?.initializer ?? []).some((t) => t.name === i.name) || wrtSet.has(i.name ?? '')),
    ...weightInputs.filter((w) => !(upgraded.graph?.input ?? []).some((i) => i.name === w.name)).map((w) => valueInfo(w.name, w.dims)),
    ...writer.inputs.map((p) => valueInfo(p.name, p.dims)),
  ];
  const graph = onnx.GraphProto.create({
    name: `${upgraded.graph?.name ?? 'model'}_gradient`,
    node: [...forward, ...writer.nodes],
    initializer: [...initializers, ...writer.initializers],
    input: graphInputs,
    output: graphOutputs,
  });
  const out = onnx.ModelProto.create({ ...upgraded, graph });
  return {
    model: out,
    loss: options.loss,
    gradients,
    weightInputs,
    extraInputs: writer.inputs,
    extraOutputs: writer.outputs,
    differentiatedOps: active.map((n) => n.op_type ?? ''),
  };
}
