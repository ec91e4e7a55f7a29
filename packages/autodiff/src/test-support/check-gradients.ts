/**
 * Test support: checks the gradient graph of a small forward model against float64 finite differences of the
 * reference interpreter. The loss is a probe, L = Σ Y ⊙ R with a fixed random R, so dL/dY = R exercises every
 * output element.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { SeededRandom } from '@kenobi/core';
import { encodeModel, float32Tensor, graphView, onnx, tensorToNumbers, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph, type GradientGraph } from '../gradient-graph.js';
import type { TrainingMode } from '../gradient-rule.js';
import { evaluateReference } from './reference/evaluate-reference.js';
import type { F64Tensor } from './reference/f64-tensor.js';

ortWeb.env.wasm.numThreads = 1;

/** A float32 feed. */
export interface Feed { readonly data: Float32Array; readonly dims: readonly number[] }

/** What to check. */
export interface GradientCase {
  /** Forward model; its first output is probed. */
  readonly model: ModelProto;
  /** Graph inputs. */
  readonly feeds: Readonly<Record<string, Feed>>;
  /** Initializers or inputs to differentiate. */
  readonly wrt: readonly string[];
  readonly mode?: Partial<TrainingMode>;
  /** Feeds for inputs the gradient graph adds (e.g. dropout masks), given the graph. */
  readonly extraFeeds?: (g: GradientGraph) => Record<string, Feed>;
  /** For the reference: the same extra inputs as float64 feeds of the forward model (e.g. a mask as an initializer). */
  readonly referenceFeeds?: Readonly<Record<string, F64Tensor>>;
}

/** Result per differentiated tensor. */
export interface GradientReport {
  readonly loss: { readonly ort: number; readonly reference: number };
  /** Per wrt tensor: max |ORT − finite difference| / max |finite difference| over the sampled elements. */
  readonly relativeError: Readonly<Record<string, number>>;
  readonly gradients: Readonly<Record<string, Float32Array>>;
}

/** Options of {@link checkGradients}. */
export interface CheckOptions {
  readonly backend?: 'cpu' | 'wasm';
  /** Elements sampled per tensor for finite differences (default 48). */
  readonly samples?: number;
  /** Central-difference step in float64 (default 1e-6). */
  readonly step?: number;
  readonly seed?: number;
}

/** A seeded float32 array in [lo, hi). */
export function seeded(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = new SeededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r.uniform());
}

const toF64 = (f: Feed): F64Tensor => ({ data: Float64Array.from(f.data), dims: [...f.dims] });

/** The model with `probe_r` (random, Y's shape) and `loss = ReduceSum(Y ⊙ probe_r)` added. */
export function withProbeLoss(model: ModelProto, yDims: readonly number[], seed: number): ModelProto {
  const g = model.graph!;
  const y = g.output![0]!.name!;
  const r = float32Tensor('probe_r', seeded(yDims.reduce((a, b) => a * b, 1), seed), yDims);
  const nodes = [
    ...(g.node ?? []),
    onnx.NodeProto.create({ op_type: 'Mul', name: 'probe_mul', input: [y, 'probe_r'], output: ['probe_prod'] }),
    onnx.NodeProto.create({ op_type: 'ReduceSum', name: 'probe_sum', input: ['probe_prod'], output: ['loss'], attribute: [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })] }),
  ];
  const output = [onnx.ValueInfoProto.create({ name: 'loss', type: { tensor_type: { elem_type: 1, shape: { dim: [] } } } })];
  return onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...g, node: nodes, initializer: [...(g.initializer ?? []), r], output }) });
}

async function runOrt(model: ModelProto, feeds: Record<string, Feed>, backend: 'cpu' | 'wasm'): Promise<Record<string, Float32Array>> {
  const bytes = encodeModel(model);
  if (backend === 'cpu') {
    const s = await ortNode.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    try {
      const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ortNode.Tensor('float32', f.data, [...f.dims])])));
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
    } finally { await s.release(); }
  }
  const s = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ortWeb.Tensor('float32', f.data, [...f.dims])])));
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  } finally { await s.release(); }
}

/**
 * Builds the gradient graph of the probe loss, runs it on ORT and compares every wrt gradient with float64
 * central differences of the reference interpreter on `samples` elements.
 *
 * @example
 * ```ts
 * const r = await checkGradients({ model, feeds: { x: { data, dims: [2, 3, 8, 8] } }, wrt: ['x', 'w'] });
 * expect(r.relativeError['w']).to.be.below(1e-4);
 * ```
 */
export async function checkGradients(c: GradientCase, options: CheckOptions = {}): Promise<GradientReport> {
  const seed = options.seed ?? 1;
  const refFeeds: Record<string, F64Tensor> = { ...Object.fromEntries(Object.entries(c.feeds).map(([k, f]) => [k, toF64(f)])), ...(c.referenceFeeds ?? {}) };
  const forward = evaluateReference(c.model, refFeeds);
  const y = forward.get(c.model.graph!.output![0]!.name!)!;
  const probed = withProbeLoss(c.model, y.dims, seed + 1000);
  const g = buildGradientGraph(probed, { loss: 'loss', wrt: c.wrt, mode: c.mode });
  const view = graphView(probed);
  const feeds: Record<string, Feed> = { ...c.feeds, ...(c.extraFeeds?.(g) ?? {}) };
  for (const w of g.weightInputs) feeds[w.name] = { data: Float32Array.from(tensorToNumbers(view.initializers.get(w.name)!)), dims: w.dims as number[] };
  const out = await runOrt(g.model, feeds, options.backend ?? 'cpu');

  const refLoss = (over: Record<string, F64Tensor>): number => evaluateReference(probed, { ...refFeeds, ...over }).get('loss')!.data[0]!;
  const base = refLoss({});
  const step = options.step ?? 1e-6;
  const rng = new SeededRandom(seed);
  const relativeError: Record<string, number> = {};
  const gradients: Record<string, Float32Array> = {};
  for (const t of c.wrt) {
    const grad = out[g.gradients.get(t)!]!;
    gradients[t] = grad;
    const init = view.initializers.get(t);
    const x0: F64Tensor = refFeeds[t] ?? { data: Float64Array.from(tensorToNumbers(init!)), dims: (init!.dims ?? []).map(Number) };
    const n = x0.data.length;
    const picks = n <= (options.samples ?? 48) ? [...Array(n).keys()] : Array.from({ length: options.samples ?? 48 }, () => Math.floor(rng.uniform() * n));
    let maxErr = 0, maxRef = 0;
    for (const i of picks) {
      const plus = Float64Array.from(x0.data), minus = Float64Array.from(x0.data);
      plus[i]! += step; minus[i]! -= step;
      const fd = (refLoss({ [t]: { data: plus, dims: x0.dims } }) - refLoss({ [t]: { data: minus, dims: x0.dims } })) / (2 * step);
      maxErr = Math.max(maxErr, Math.abs(fd - grad[i]!));
      maxRef = Math.max(maxRef, Math.abs(fd));
    }
    relativeError[t] = maxErr / Math.max(maxRef, 1e-12);
  }
  return { loss: { ort: out['loss']![0]!, reference: base }, relativeError, gradients };
}
