/**
 * Test support for the spatial rules: one Conv or pool node as a model from a table row, checked against
 * float64 finite differences on a backend.
 */
import { expect } from 'chai';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { GraphBuilder, encodeModel, type AttributeValue, type ModelProto } from '@kenobi/onnx';
import { checkGradients, seeded, type Feed, type GradientReport } from './check-gradients.js';

/**
 * One row of a geometry table.
 *
 * @example
 * ```ts
 * const c: SpatialCase = { name: 'depthwise 3×3/2', op: 'Conv', x: [2, 4, 8, 8], weight: [4, 1, 3, 3], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], group: 4 } };
 * ```
 */
export interface SpatialCase {
  readonly name: string;
  readonly op: 'Conv' | 'MaxPool' | 'AveragePool' | 'GlobalAveragePool' | 'GlobalMaxPool';
  /** Dims of the fed input x. */
  readonly x: readonly number[];
  /** Declare the batch of x as the symbolic 'N' (the graph is built without knowing it). */
  readonly symbolicBatch?: boolean;
  readonly attrs?: Readonly<Record<string, AttributeValue>>;
  /** Conv only: W dims [M, C/group, …k]. */
  readonly weight?: readonly number[];
  /** Conv only: add a bias (default true). */
  readonly bias?: boolean;
  /** Opset of the model (default 17). */
  readonly opset?: number;
  /** Number of outputs of the node (MaxPool with Indices: 2). */
  readonly outputs?: number;
}

/**
 * The backends every case runs on: onnxruntime-node CPU and onnxruntime-web WASM (in Node).
 *
 * @example
 * ```ts
 * for (const backend of BACKENDS) it(`… [${backend}]`, async () => { await expectGradientsMatch(c, backend); });
 * ```
 */
export const BACKENDS = Object.freeze(['cpu', 'wasm'] as const);

const count = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * x → op (with W, B for Conv) → y, y the only output.
 *
 * @example
 * ```ts
 * spatialModel({ name: '3×3/1', op: 'Conv', x: [2, 3, 8, 8], weight: [4, 3, 3, 3], attrs: { pads: [1, 1, 1, 1] } });
 * ```
 */
export function spatialModel(c: SpatialCase): ModelProto {
  const b = new GraphBuilder({ seed: 7, opset: c.opset ?? 17 });
  const x = b.input('x', 'float32', c.symbolicBatch ? ['N', ...c.x.slice(1)] : c.x);
  const inputs = [x];
  if (c.op === 'Conv') {
    const w = c.weight!;
    inputs.push(b.initializer('w', seeded(count(w), 21, -0.5, 0.5), w));
    if (c.bias ?? true) inputs.push(b.initializer('b', seeded(w[0]!, 22, -0.5, 0.5), [w[0]!]));
  }
  const outs = b.node(c.op, inputs, c.attrs ?? {}, { name: 'op', outputs: c.outputs ?? 1 });
  b.output(outs[0]!);
  return b.build();
}

/**
 * The tensors a case differentiates: x, and W and B for Conv.
 *
 * @example
 * ```ts
 * wrtOf({ name: '1×1/2', op: 'Conv', x: [2, 4, 8, 8], weight: [6, 4, 1, 1], bias: false }); // ['x', 'w']
 * ```
 */
export function wrtOf(c: SpatialCase): string[] {
  return c.op === 'Conv' ? ['x', 'w', ...((c.bias ?? true) ? ['b'] : [])] : ['x'];
}

/**
 * Checks every gradient of a case on `backend`: relative error below 1e-4 against float64 central
 * differences and the loss within 1e-5 (relative) of the reference. NOTE: ORT computes in float32 (rounding
 * ~6e-8 per operation, sums of up to a few hundred terms here), the finite differences in float64 with a
 * step of 1e-6 (truncation ~1e-12): 1e-4 leaves two orders of margin over the float32 error and still
 * catches any wrong tap, pad or scale, which is O(1). Set KENOBI_GRADIENT_REPORT=1 to print the errors.
 *
 * @example
 * ```ts
 * await expectGradientsMatch(CONV_CASES[0], 'wasm');
 * ```
 */
export async function expectGradientsMatch(c: SpatialCase, backend: 'cpu' | 'wasm'): Promise<GradientReport> {
  const r = await checkGradients({ model: spatialModel(c), feeds: { x: { data: seeded(count(c.x), 5), dims: c.x } }, wrt: wrtOf(c) }, { backend });
  if (process.env['KENOBI_GRADIENT_REPORT'] === '1') {
    const errors = Object.entries(r.relativeError).map(([t, e]) => `${t} ${e.toExponential(1)}`).join(', ');
    console.log(`      ${c.op} ${c.name} [${backend}]: ${errors}; loss ${r.loss.ort.toPrecision(7)} vs ${r.loss.reference.toPrecision(7)}`);
  }
  expect(r.loss.ort, 'loss').to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
  for (const t of wrtOf(c)) expect(r.relativeError[t], `relative error of d${t}`).to.be.below(1e-4);
  return r;
}

/**
 * Runs a model (e.g. a gradient graph) once on `backend` and returns every output as float32.
 *
 * @example
 * ```ts
 * const out = await runModel(g.model, { x: { data, dims: [1, 1, 4, 4] } }, 'wasm');
 * out[g.gradients.get('x')!]; // Float32Array(16)
 * ```
 */
export async function runModel(model: ModelProto, feeds: Readonly<Record<string, Feed>>, backend: 'cpu' | 'wasm'): Promise<Record<string, Float32Array>> {
  const ort = backend === 'cpu' ? ortNode : ortWeb;
  const session = await ort.InferenceSession.create(encodeModel(model), { executionProviders: [backend] });
  try {
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data, [...f.dims])])));
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));
  } finally {
    await session.release();
  }
}
