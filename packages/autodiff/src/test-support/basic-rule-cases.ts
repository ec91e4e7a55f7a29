/**
 * Test support for the basic-group rule tests: a one-op model from a compact description, and a mocha table
 * runner that checks every case with {@link checkGradients} on onnxruntime-node CPU and onnxruntime-web WASM.
 */
import { expect } from 'chai';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { GraphBuilder, encodeModel, int64Tensor, onnx, type AttributeValue, type Dim, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { checkGradients, seeded, type Feed, type GradientCase } from './check-gradients.js';
import { evaluateReference } from './reference/evaluate-reference.js';

/** One input of the op under test. */
export type Operand =
  | { readonly kind: 'input'; readonly name: string; readonly dims: readonly number[]; readonly declared?: readonly Dim[]; readonly lo?: number; readonly hi?: number; readonly wrt?: boolean }
  | { readonly kind: 'weight'; readonly name: string; readonly dims: readonly number[]; readonly lo?: number; readonly hi?: number; readonly wrt?: boolean; readonly values?: readonly number[] }
  | { readonly kind: 'ints'; readonly name: string; readonly values: readonly number[]; readonly dims?: readonly number[] }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'omitted' };

/** A float graph input (fed, differentiated); `declared` dims may be symbolic ('N') while `dims` are fed. */
export const input = (name: string, dims: readonly number[], o: { declared?: readonly Dim[]; lo?: number; hi?: number; wrt?: boolean } = {}): Operand => ({ kind: 'input', name, dims, ...o });
/** A float initializer (differentiated unless `wrt: false`). */
export const weight = (name: string, dims: readonly number[], o: { lo?: number; hi?: number; wrt?: boolean; values?: readonly number[] } = {}): Operand => ({ kind: 'weight', name, dims, ...o });
/** An int64 initializer (shapes, axes, pads, split sizes). */
export const ints = (name: string, values: readonly number[], dims?: readonly number[]): Operand => ({ kind: 'ints', name, values, ...(dims ? { dims } : {}) });
/** An operand already declared (the same tensor twice, as in x · x). */
export const ref = (name: string): Operand => ({ kind: 'ref', name });
/** An omitted optional input (''). */
export const omitted: Operand = { kind: 'omitted' };

/** One row of a rule's test table. */
export interface OpCase {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly Operand[];
  readonly attrs?: Readonly<Record<string, AttributeValue>>;
  readonly opset?: number;
  readonly outputs?: number;
  /** Nodes after the op, from its outputs to the probed tensor (default: its first output). */
  readonly tail?: (b: GraphBuilder, outs: readonly string[]) => string;
  /** wrt tensors whose true gradient is all zero (else a gradient must have a non-zero element). */
  readonly zeroGradients?: readonly string[];
}

function construct(c: OpCase, outDims: readonly number[] | undefined): { model: ModelProto; feeds: Record<string, Feed>; wrt: string[] } {
  const b = new GraphBuilder({ opset: c.opset ?? 17 });
  const feeds: Record<string, Feed> = {};
  const wrt: string[] = [];
  const names = c.inputs.map((o, k) => {
    const seed = 100 + 17 * k + c.name.length;
    const count = (d: readonly number[]): number => d.reduce((p, v) => p * v, 1);
    if (o.kind === 'omitted') return '';
    if (o.kind === 'ref') return o.name;
    if (o.kind === 'ints') return b.initializer(o.name, onnx.TensorProto.create(int64Tensor(o.name, o.values, o.dims ?? [o.values.length])));
    if (o.wrt !== false) wrt.push(o.name);
    if (o.kind === 'input') {
      feeds[o.name] = { data: seeded(count(o.dims), seed, o.lo ?? -1, o.hi ?? 1), dims: o.dims };
      return b.input(o.name, 'float32', o.declared ?? o.dims);
    }
    return b.initializer(o.name, o.values ? Float32Array.from(o.values) : seeded(count(o.dims), seed, o.lo ?? -1, o.hi ?? 1), o.dims);
  });
  const outs = b.node(c.op, names, c.attrs ?? {}, { outputs: c.outputs ?? 1 });
  const y = c.tail ? c.tail(b, outs) : outs[0]!;
  b.output(y, outDims ? { dims: outDims } : {});
  return { model: b.build(), feeds, wrt };
}

/**
 * The {@link GradientCase} of a table row: the op's model with the probed output's dims declared (from the
 * reference interpreter; static shape inference wins where it knows them, symbolic dims included).
 *
 * @example
 * ```ts
 * const g = opModel({ name: 'tanh', op: 'Tanh', inputs: [input('x', [2, 3])] });
 * await checkGradients(g, { backend: 'cpu' });
 * ```
 */
export function opModel(c: OpCase): GradientCase {
  const first = construct(c, undefined);
  const f64 = Object.fromEntries(Object.entries(first.feeds).map(([k, f]) => [k, { data: Float64Array.from(f.data), dims: f.dims }]));
  const y = evaluateReference(first.model, f64).get(first.model.graph!.output![0]!.name!)!;
  return construct(c, y.dims);
}

const maxAbs = (a: Float32Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * One mocha `it` per case and backend: the loss within 1e-5 of the float64 reference and every gradient within
 * a relative 1e-4 of float64 central differences. NOTE: 1e-4 because ORT computes in float32 (a few ulps per op,
 * ~1e-6 relative on these sizes) while the finite differences are float64 with truncation error ~h² (h = 1e-6):
 * a wrong rule (a missed broadcast sum, a transposed axis, a bound on the wrong side) is off by O(1).
 *
 * @example
 * ```ts
 * describe('Tanh', () => checkTable([{ name: 'tanh 2×3', op: 'Tanh', inputs: [input('x', [2, 3])] }]));
 * ```
 */
export function checkTable(cases: readonly OpCase[]): void {
  for (const c of cases) {
    for (const backend of ['cpu', 'wasm'] as const) {
      it(`${c.name} [${backend}]`, async () => {
        const g = opModel(c);
        const r = await checkGradients(g, { backend });
        expect(r.loss.ort, 'loss').to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
        expect(Object.keys(r.relativeError).sort(), 'every wrt tensor checked').to.deep.equal([...g.wrt].sort());
        for (const [t, e] of Object.entries(r.relativeError)) expect(e, `relative error of d/d${t}`).to.be.below(1e-4);
        for (const t of g.wrt) {
          if (c.zeroGradients?.includes(t)) expect(maxAbs(r.gradients[t]!), `d/d${t} is zero`).to.equal(0);
          else expect(maxAbs(r.gradients[t]!), `d/d${t} is not vacuous`).to.be.above(0);
        }
      });
    }
  }
}

/**
 * Runs the gradient graph of `loss` (a tensor of `model`) on one backend and returns the gradients by wrt name
 * (weights stay initializers: `wrt` may name them without feeding them).
 *
 * @example
 * ```ts
 * const g = await runGradients(model, { x: { data, dims: [5] } }, 'loss', ['x'], 'cpu');
 * ```
 */
export async function runGradients(model: ModelProto, feeds: Readonly<Record<string, Feed>>, loss: string, wrt: readonly string[], backend: 'cpu' | 'wasm', inputShapes?: Readonly<Record<string, readonly Dim[]>>): Promise<Record<string, Float32Array>> {
  const g = buildGradientGraph(model, { loss, wrt, weightsAsInputs: false, ...(inputShapes ? { inputShapes } : {}) });
  const bytes = encodeModel(g.model);
  const ort = (backend === 'cpu' ? ortNode : ortWeb) as typeof ortNode;
  const s = await ort.InferenceSession.create(bytes, { executionProviders: [backend] });
  try {
    const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data, [...f.dims])])));
    return Object.fromEntries(wrt.map((t) => [t, out[g.gradients.get(t)!]!.data as Float32Array]));
  } finally { await s.release(); }
}
