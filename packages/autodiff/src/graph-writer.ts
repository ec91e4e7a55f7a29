/**
 * The mutable half of gradient-graph construction: fresh tensor and node names, emitted nodes, constants,
 * extra inputs and outputs, and the static dims rules ask for. `contextFor(node)` gives a rule its
 * {@link GradContext}.
 */
import { onnx, toAttributeProto, float32Tensor, int64Tensor, type Dim, type NodeProto, type TensorProto } from '@kenobi/onnx';
import { AutodiffError, type AutodiffErrorCode } from './autodiff-error.js';
import { DEFAULT_GRADIENT_FORMS, type Attrs, type GradContext, type GradientForms, type TrainingMode } from './gradient-rule.js';
import type { PortRole } from './port-role.js';

/** One extra graph input or output and why it is there. */
export interface GraphPort {
  readonly name: string;
  readonly dims: readonly Dim[];
  /** What it is for (dropout mask, BN statistics), when a rule said so. */
  readonly role?: PortRole;
}

/**
 * Collects what a gradient graph adds to the forward graph.
 *
 * @example
 * ```ts
 * const w = new GraphWriter(existingNames, shapes, constants, 17, { batchNorm: 'frozen', dropout: 'off' });
 * const ctx = w.contextFor(node);
 * ctx.op('Relu', ['x']); // emitted into w.nodes
 * ```
 */
export class GraphWriter {
  readonly nodes: onnx.NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly inputs: GraphPort[] = [];
  readonly outputs: (GraphPort & { readonly source: string })[] = [];
  private readonly names: Set<string>;
  private readonly nodeNames = new Set<string>();
  private counter = 0;

  constructor(
    names: Iterable<string>,
    private readonly shapes: Map<string, readonly Dim[] | undefined>,
    private readonly constants: (tensor: string) => number[] | undefined,
    readonly opset: number,
    readonly mode: TrainingMode,
    readonly forms: GradientForms = DEFAULT_GRADIENT_FORMS,
  ) {
    this.names = new Set(names);
  }

  /** A tensor name not used yet, from `base`. */
  fresh(base: string): string {
    let name = base;
    while (this.names.has(name)) name = `${base}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  /** Appends a node with the given output names. */
  emit(opType: string, inputs: readonly string[], attrs: Attrs, outputs: readonly string[], nameHint: string): void {
    let name = `${nameHint}/${opType}`;
    for (let n = 1; this.nodeNames.has(name); n++) name = `${nameHint}/${opType}_${n}`;
    this.nodeNames.add(name);
    const attribute = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => toAttributeProto(k, v!));
    this.nodes.push(onnx.NodeProto.create({ op_type: opType, name, input: [...inputs], output: [...outputs], attribute }));
  }

  dimsOf(tensor: string): readonly Dim[] | undefined {
    return this.shapes.get(tensor);
  }

  setDims(tensor: string, dims: readonly Dim[]): void {
    this.shapes.set(tensor, dims);
  }

  /** The {@link GradContext} for rules working on `node`. */
  contextFor(node: NodeProto, hint = `grad/${node.name || node.op_type}`): GradContext {
    const w = this;
    const op = (opType: string, inputs: readonly string[], attrs: Attrs = {}): string => ops(opType, inputs, attrs, 1)[0]!;
    const ops = (opType: string, inputs: readonly string[], attrs: Attrs, outputs: number): string[] => {
      const names = Array.from({ length: outputs }, (_, i) => w.fresh(`${hint}/${opType.toLowerCase()}${outputs > 1 ? i : ''}`));
      w.emit(opType, inputs, attrs, names, hint);
      return names;
    };
    const constant = (tensor: TensorProto): string => {
      w.initializers.push(tensor);
      return tensor.name!;
    };
    const fail = (code: AutodiffErrorCode, message: string): never => {
      throw new AutodiffError(code, `${node.op_type} node '${node.name ?? ''}': ${message}`, { details: { op: node.op_type, node: node.name } });
    };
    const ctx: GradContext = {
      opset: w.opset,
      mode: w.mode,
      forms: w.forms,
      node,
      op,
      ops,
      opNamed: (opType, inputs, attrs, outputs) => w.emit(opType, inputs, attrs, outputs, hint),
      constF32: (values, dims) => {
        const data = Float32Array.from(values);
        return constant(float32Tensor(w.fresh(`${hint}/c`), data, dims ?? (data.length === 1 ? [] : [data.length])));
      },
      constI64: (values, dims) => constant(int64Tensor(w.fresh(`${hint}/i`), values, dims ?? [values.length])),
      reduceSum: (x, axes, keepdims) => op('ReduceSum', [x, ctx.constI64(axes)], { keepdims: keepdims ? 1 : 0 }),
      reduceMean: (x, axes, keepdims) => (w.opset >= 18
        ? op('ReduceMean', [x, ctx.constI64(axes)], { keepdims: keepdims ? 1 : 0 })
        : op('ReduceMean', [x], { axes: [...axes], keepdims: keepdims ? 1 : 0 })),
      dims: (tensor) => w.dimsOf(tensor) ?? fail('autodiff/unknown-shape', `the shape of '${tensor}' is not known statically (give inputShapes)`),
      dimsOrUndefined: (tensor) => w.dimsOf(tensor),
      setDims: (tensor, dims) => w.setDims(tensor, dims),
      constantValues: (tensor) => w.constants(tensor),
      addInput: (name, _elemType, dims, role) => {
        const n = w.fresh(name);
        w.inputs.push({ name: n, dims, ...(role ? { role } : {}) });
        w.setDims(n, dims);
        return n;
      },
      addOutput: (tensor, as, dims, role) => {
        const n = w.fresh(as);
        w.emit('Identity', [tensor], {}, [n], hint);
        w.outputs.push({ name: n, dims, source: tensor, ...(role ? { role } : {}) });
        return n;
      },
      fail,
    };
    return ctx;
  }
}
