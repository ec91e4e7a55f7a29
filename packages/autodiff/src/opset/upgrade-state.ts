/**
 * The mutable side of one model's upgrade: names in use, initializers the steps add, outputs they drop, and
 * the facts of the original graph (static dims and types, readers, constants). `contextFor` gives a step its
 * {@link StepContext} for one node.
 */
import { constantTensor, float32Tensor, inferStaticShapes, int64Tensor, onnx, tensorToNumbers, type GraphView, type TensorInfo } from '@kenobi/onnx';
import { AutodiffError } from '../autodiff-error.js';
import type { StepContext } from './upgrade-step.js';

/** Nodes a step queued around the node it upgrades. */
export interface QueuedNodes {
  readonly before: onnx.NodeProto[];
  readonly after: onnx.NodeProto[];
}

/**
 * One model's upgrade state.
 *
 * @example
 * ```ts
 * const state = new UpgradeState(graphView(model), 8, 17);
 * const queued = { before: [], after: [] };
 * step(copy, state.contextFor(node, queued));
 * ```
 */
export class UpgradeState {
  readonly initializers: onnx.TensorProto[] = [];
  readonly dropped = new Set<string>();
  private readonly names: Set<string>;
  private readonly nodeNames: Set<string>;
  private readonly info: Map<string, TensorInfo>;
  private readonly outputs: Set<string>;

  constructor(private readonly view: GraphView, readonly from: number, readonly target: number) {
    this.names = new Set(view.tensorNames);
    for (const v of view.valueInfo.keys()) this.names.add(v);
    this.nodeNames = new Set(view.nodes.map((n) => n.name ?? '').filter((n) => n));
    this.info = inferStaticShapes(view);
    this.outputs = new Set(view.outputs.map((o) => o.name ?? ''));
  }

  /** A name not used by any tensor yet, from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /** The step context for `node` (the original; messages name it), queueing nodes into `queued`. */
  contextFor(node: onnx.NodeProto, queued: QueuedNodes): StepContext {
    const op = node.op_type ?? '';
    const label = `${op} node '${node.name ?? ''}'`;
    const { from, target } = this;
    const refuse: StepContext['refuse'] = (why, options = {}) => {
      throw new AutodiffError(options.code ?? 'autodiff/unsupported-op', `cannot bring ${label} from opset ${from} to ${target}: ${why}`, {
        ...(options.hint ? { hint: options.hint } : {}),
        details: { op, node: node.name ?? '', opset: from, target },
      });
    };
    const constantFloat: StepContext['constantFloat'] = (base, values, dtype, dims = [values.length]) => {
      const name = this.fresh(base);
      if (dtype === 0 || dtype === onnx.TensorProto.DataType.FLOAT) {
        this.initializers.push(float32Tensor(name, Float32Array.from(values), dims));
      } else if (dtype === onnx.TensorProto.DataType.DOUBLE) {
        this.initializers.push(onnx.TensorProto.create({ name, dims: [...dims], data_type: dtype, double_data: [...values] }));
      } else {
        refuse(`a constant of element type ${dtype} is needed (only float32 and float64 are written)`, { code: 'autodiff/unsupported-attribute' });
      }
      return name;
    };
    const ctx: StepContext = {
      from,
      target,
      before: (n) => { queued.before.push(n); },
      after: (n) => { queued.after.push(n); },
      constantI64: (base, values, dims = [values.length]) => {
        const name = this.fresh(base);
        this.initializers.push(onnx.TensorProto.create(int64Tensor(name, values, dims)));
        return name;
      },
      constantFloat,
      fresh: (base) => this.fresh(base),
      nodeName: (base) => {
        let name = base;
        for (let k = 1; this.nodeNames.has(name); k++) name = `${base}_${k}`;
        this.nodeNames.add(name);
        return name;
      },
      dims: (t) => this.info.get(t)?.dims,
      dtype: (t) => this.info.get(t)?.dtype ?? 0,
      constantValues: (t) => {
        const c = constantTensor(this.view, t);
        return c ? tensorToNumbers(c) : undefined;
      },
      isRead: (t) => this.outputs.has(t) || (this.view.consumers.get(t)?.length ?? 0) > 0,
      dropOutput: (t) => { this.dropped.add(t); },
      unsqueeze: (x, axes) => {
        const y = this.fresh(`${x}_unsqueezed`);
        const inputs = target >= 13 ? [x, ctx.constantI64(`${x}_unsqueeze_axes`, axes)] : [x];
        const attribute = target >= 13 ? [] : [onnx.AttributeProto.create({ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [...axes] })];
        queued.before.push(onnx.NodeProto.create({ op_type: 'Unsqueeze', name: ctx.nodeName(`${node.name || op}/unsqueeze`), input: inputs, output: [y], attribute }));
        return y;
      },
      refuse,
    };
    return ctx;
  }
}
