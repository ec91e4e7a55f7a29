/**
 * Turns a {@link GradientCanarySpec} into what runs: the forward model of the op with a probe loss
 * L = Σ Y ⊙ R (R a fixed seeded tensor, so dL/dY = R reaches every output element), its gradient graph from
 * {@link buildGradientGraph} (weights as graph inputs, as trainers run them), the feeds, and the op types the
 * graph holds. Pure: builds protos and bytes, runs nothing; built once per spec.
 */
import { SeededRandom } from '@kenobi/core';
import { GraphBuilder, encodeModel, graphView, inferStaticShapes, int64Tensor, onnx, type Dim } from '@kenobi/onnx';
import { AutodiffError } from '../autodiff-error.js';
import { buildGradientGraph } from '../gradient-graph.js';
import type { CanaryFeed } from './canary-ort.js';
import type { GradientCanarySpec } from './canary-spec.js';

/**
 * A canary ready to run.
 *
 * @example
 * ```ts
 * const g = canaryGraph(spec);
 * g.outputs; // ['loss', 'in0_grad', 'in1_grad', 'in2_grad'] (x, W, B of a Conv)
 * g.opTypes; // ['Conv', 'ConvTranspose', 'Expand', 'Identity', 'Mul', 'ReduceSum', 'Shape', 'Transpose']
 * ```
 */
export interface CanaryGraph {
  readonly id: string;
  /** The registry op the canary vouches for. */
  readonly op: string;
  /** The encoded gradient graph. */
  readonly model: Uint8Array;
  readonly feeds: Readonly<Record<string, CanaryFeed>>;
  /** Outputs compared (loss, every gradient, extra outputs such as BatchNormalization statistics). */
  readonly outputs: readonly string[];
  /** Every op type in the gradient graph, sorted. */
  readonly opTypes: readonly string[];
  /** `GradientGraph.differentiatedOps` of the canary. */
  readonly differentiatedOps: readonly string[];
}

const built = new WeakMap<GradientCanarySpec, CanaryGraph>();

/** A seed from a string (FNV-1a), so each canary's values depend on its id only. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function seeded(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = new SeededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r.uniform());
}

const count = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * The canary's gradient graph and feeds (cached per spec object).
 *
 * @example
 * ```ts
 * const g = canaryGraph(gradientCanaries('MaxPool')[0]!);
 * g.opTypes.includes('ScatterElements'); // true
 * ```
 */
export function canaryGraph(spec: GradientCanarySpec): CanaryGraph {
  let g = built.get(spec);
  if (!g) {
    g = buildCanary(spec);
    built.set(spec, g);
  }
  return g;
}

function buildCanary(spec: GradientCanarySpec): CanaryGraph {
  const seed = seedOf(spec.id);
  const b = new GraphBuilder({ opset: spec.opset ?? 17, name: `canary_${spec.op}` });
  const feeds: Record<string, CanaryFeed> = {};
  const wrt: string[] = [];
  const symbols = new Map<string, number>();
  const names = spec.inputs.map((o, k) => {
    const name = `in${k}`;
    if (o.kind === 'omitted') return '';
    if (o.kind === 'ints') return b.initializer(name, onnx.TensorProto.create(int64Tensor(name, o.values, o.dims ?? [o.values.length])));
    if (o.kind === 'constant') return b.initializer(name, Float32Array.from(o.values), o.dims);
    (o.declared ?? []).forEach((d, i) => { if (typeof d === 'string') symbols.set(d, o.dims[i]!); });
    feeds[name] = { data: seeded(count(o.dims), seed + k, o.lo ?? -1, o.hi ?? 1), dims: o.dims };
    if (o.wrt !== false) wrt.push(name);
    return b.input(name, 'float32', o.declared ?? o.dims);
  });
  const outs = b.node(spec.op, names, spec.attrs ?? {}, { name: 'op', outputs: spec.outputs ?? 1 });
  const y = spec.tail ? spec.tail(b, outs) : outs[0]!;
  b.output(y);
  const forward = b.build();
  const yDims = spec.probeDims ?? probeDims(forward, y, symbols, spec.id);

  // the probe loss: L = ReduceSum(Y ⊙ R)
  const graph = forward.graph!;
  const r = onnx.TensorProto.create({ name: 'probe_r', data_type: onnx.TensorProto.DataType.FLOAT, dims: [...yDims], float_data: Array.from(seeded(count(yDims), seed + 1000)) });
  const probed = onnx.ModelProto.create({
    ...forward,
    graph: onnx.GraphProto.create({
      ...graph,
      node: [
        ...(graph.node ?? []),
        onnx.NodeProto.create({ op_type: 'Mul', name: 'probe_mul', input: [y, 'probe_r'], output: ['probe_prod'] }),
        onnx.NodeProto.create({ op_type: 'ReduceSum', name: 'probe_sum', input: ['probe_prod'], output: ['loss'], attribute: [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })] }),
      ],
      initializer: [...(graph.initializer ?? []), r],
      output: [onnx.ValueInfoProto.create({ name: 'loss', type: { tensor_type: { elem_type: onnx.TensorProto.DataType.FLOAT, shape: { dim: [] } } } })],
    }),
  });
  const g = buildGradientGraph(probed, { loss: 'loss', wrt, ...(spec.mode ? { mode: spec.mode } : {}) });
  const rng = new SeededRandom(seed + 2000);
  for (const port of g.extraInputs) {
    const role = port.role;
    if (role?.kind !== 'dropout-mask') throw new AutodiffError('autodiff/bad-option', `canary '${spec.id}': extra input '${port.name}' has no feed`);
    const keep = 1 / (1 - role.ratio);
    const dims = port.dims.map((d) => (typeof d === 'number' ? d : symbols.get(d) ?? NaN));
    feeds[port.name] = { data: Float32Array.from({ length: count(dims) }, () => (rng.uniform() < role.ratio ? 0 : keep)), dims };
  }
  return Object.freeze({
    id: spec.id,
    op: spec.rule ?? spec.op,
    model: encodeModel(g.model),
    feeds: Object.freeze(feeds),
    outputs: Object.freeze((g.model.graph!.output ?? []).map((o) => o.name ?? '')),
    opTypes: Object.freeze([...new Set((g.model.graph!.node ?? []).map((n) => n.op_type ?? ''))].sort()),
    differentiatedOps: Object.freeze([...g.differentiatedOps]),
  });
}

/** The concrete dims of the probed tensor: static shape inference, symbolic dims replaced by the fed sizes. */
function probeDims(model: onnx.ModelProto, y: string, symbols: ReadonlyMap<string, number>, id: string): number[] {
  const dims: readonly Dim[] | undefined = inferStaticShapes(graphView(model)).get(y)?.dims;
  const concrete = dims?.map((d) => (typeof d === 'number' ? d : symbols.get(d)));
  if (!concrete || concrete.some((d) => d === undefined)) throw new AutodiffError('autodiff/bad-option', `canary '${id}': the probed tensor's dims are not known statically; give probeDims`);
  return concrete as number[];
}
