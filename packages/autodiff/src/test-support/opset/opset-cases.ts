/**
 * Test support for the opset upgrade (src/opset/): tiny old-opset graphs built from onnx's protobuf types,
 * seeded feeds, and the check that the upgraded model computes what a reference model (by default the
 * original, run by ONNX Runtime at its own opset) computes.
 */
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { float32Tensor, int64Tensor, onnx, toAttributeProto, valueInfoDims, type AttributeValue, type Dim, type ModelProto } from '@kenobi/onnx';
import { upgradeOpset } from '../../opset-upgrade.js';
import { seeded, type Feed } from '../check-gradients.js';
import { runGraph, type RunOutput } from '../run-graph.js';

/** Relative tolerance of an upgraded model's outputs (max |Δ| / max |reference|): the 1e-5. */
export const UPGRADE_TOLERANCE = 1e-5;

/**
 * A node with attributes (numbers: INT when integral, wrap floats with `floatAttr`).
 *
 * @example
 * ```ts
 * node('Reshape', ['x'], ['y'], { shape: [1, -1] });
 * ```
 */
export function node(op: string, inputs: readonly string[], outputs: readonly string[], attrs: Readonly<Record<string, AttributeValue | undefined>> = {}, name = `${op.toLowerCase()}_node`): onnx.NodeProto {
  const attribute = Object.entries(attrs).flatMap(([k, v]) => (v === undefined ? [] : [toAttributeProto(k, v)]));
  return onnx.NodeProto.create({ op_type: op, name, input: [...inputs], output: [...outputs], attribute });
}

/**
 * A float32 initializer with seeded values in [lo, hi).
 *
 * @example
 * ```ts
 * weight('w', [4, 3, 3, 3], 7);
 * ```
 */
export function weight(name: string, dims: readonly number[], seed: number, lo = -1, hi = 1): onnx.TensorProto {
  return float32Tensor(name, seeded(dims.reduce((a, b) => a * b, 1), seed, lo, hi), dims);
}

/**
 * An int64 initializer.
 *
 * @example
 * ```ts
 * ints('shape', [1, -1]);
 * ```
 */
export function ints(name: string, values: readonly number[], dims: readonly number[] = [values.length]): onnx.TensorProto {
  return onnx.TensorProto.create(int64Tensor(name, values, dims));
}

/** What {@link tinyModel} builds. */
export interface TinySpec {
  readonly opset: number;
  readonly nodes: readonly onnx.NodeProto[];
  /** Graph inputs (float32) and their dims (symbolic names allowed). */
  readonly inputs: Readonly<Record<string, readonly Dim[]>>;
  readonly initializers?: readonly onnx.TensorProto[];
  /** Graph outputs (default ['y']). */
  readonly outputs?: readonly string[];
}

/**
 * A model at `opset` (IR 3 below opset 7, initializers listed as inputs as the old zoo files do; else IR 7).
 *
 * @example
 * ```ts
 * tinyModel({ opset: 1, nodes: [node('Reshape', ['x'], ['y'], { shape: [6] })], inputs: { x: [2, 3] } });
 * ```
 */
export function tinyModel(spec: TinySpec): ModelProto {
  const vi = (name: string, dims?: readonly Dim[]): onnx.ValueInfoProto => onnx.ValueInfoProto.create({
    name,
    type: { tensor_type: { elem_type: 1, shape: dims ? { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } : null } },
  });
  const inits = spec.initializers ?? [];
  const old = spec.opset < 7;
  const initInputs = old ? inits.map((t) => onnx.ValueInfoProto.create({ name: t.name, type: { tensor_type: { elem_type: t.data_type, shape: { dim: (t.dims ?? []).map((d) => ({ dim_value: d })) } } } })) : [];
  return onnx.ModelProto.create({
    ir_version: old ? 3 : 7,
    producer_name: 'kenobi-opset-test',
    opset_import: [{ domain: '', version: spec.opset }],
    graph: onnx.GraphProto.create({
      name: 'tiny',
      node: [...spec.nodes],
      input: [...Object.entries(spec.inputs).map(([n, d]) => vi(n, d)), ...initInputs],
      initializer: [...inits],
      output: (spec.outputs ?? ['y']).map((o) => vi(o)),
    }),
  });
}

/**
 * Seeded float32 feeds for every graph input that is not an initializer; symbolic dims take `batch`.
 *
 * @example
 * ```ts
 * feedsFor(model, 3); // { x: { data: Float32Array(...), dims: [1, 3, 4, 4] } }
 * ```
 */
export function feedsFor(model: ModelProto, seed: number, batch = 2, lo = -1, hi = 1): Record<string, Feed> {
  const inits = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const feeds: Record<string, Feed> = {};
  let k = 0;
  for (const i of model.graph?.input ?? []) {
    if (inits.has(i.name)) continue;
    const dims = (valueInfoDims(i) ?? []).map((d) => (typeof d === 'number' ? d : batch));
    feeds[i.name!] = { data: seeded(dims.reduce((a, b) => a * b, 1), seed + k++, lo, hi), dims };
  }
  return feeds;
}

/**
 * max |a − b| / max |b| over one output (1 when the lengths differ).
 *
 * @example
 * ```ts
 * relativeError({ data: [1, 2], dims: [2] }, { data: [1, 2.00001], dims: [2] }); // 5e-6
 * ```
 */
export function relativeError(a: RunOutput, b: RunOutput): number {
  if (a.data.length !== b.data.length) return 1;
  let num = 0, den = 0;
  a.data.forEach((v, i) => { num = Math.max(num, Math.abs(v - b.data[i]!)); den = Math.max(den, Math.abs(b.data[i]!)); });
  return num / Math.max(den, 1e-30);
}

/** The default-domain opset of a model. */
export function opsetOf(model: ModelProto): number {
  return Number((model.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 0);
}

/**
 * Upgrades `model` to opset 17, runs it and `reference` (default: the original) on ONNX Runtime CPU with the
 * same seeded feeds, and expects every graph output to agree within {@link UPGRADE_TOLERANCE} with equal dims.
 * Returns the upgraded model and the largest relative error.
 *
 * @example
 * ```ts
 * const { upgraded } = await expectUpgradeMatches(tinyModel({ opset: 8, nodes, inputs: { x: [2, 3, 4] } }));
 * ```
 */
export async function expectUpgradeMatches(model: ModelProto, options: { reference?: ModelProto; seed?: number; batch?: number; lo?: number; hi?: number; feeds?: Record<string, Feed> } = {}): Promise<{ upgraded: ModelProto; error: number }> {
  const upgraded = upgradeOpset(model, 17);
  expect(opsetOf(upgraded), 'upgraded opset').to.equal(17);
  const feeds = options.feeds ?? feedsFor(model, options.seed ?? 11, options.batch ?? 2, options.lo, options.hi);
  const [want, got] = [await runGraph(options.reference ?? model, feeds, 'cpu'), await runGraph(upgraded, feeds, 'cpu')];
  let error = 0;
  for (const o of model.graph?.output ?? []) {
    const name = o.name!;
    expect(got[name], `output ${name}`).to.not.equal(undefined);
    expect(got[name]!.dims, `dims of ${name}`).to.deep.equal(want[name]!.dims);
    const e = relativeError(got[name]!, want[name]!);
    expect(e, `relative error of ${name}`).to.be.at.most(UPGRADE_TOLERANCE);
    error = Math.max(error, e);
  }
  return { upgraded, error };
}

/**
 * The op types of a model's nodes, in order.
 *
 * @example
 * ```ts
 * opTypes(upgraded); // ['Flatten', 'Softmax', 'Shape', 'Reshape']
 * ```
 */
export function opTypes(model: ModelProto): string[] {
  return (model.graph?.node ?? []).map((n) => n.op_type ?? '');
}

/**
 * The attribute names of the first node of type `op`.
 *
 * @example
 * ```ts
 * attrNames(upgraded, 'BatchNormalization'); // ['epsilon']
 * ```
 */
export function attrNames(model: ModelProto, op: string): string[] {
  return ((model.graph?.node ?? []).find((n) => n.op_type === op)?.attribute ?? []).map((a) => a.name ?? '').sort();
}

/**
 * Expects `upgradeOpset(model, target)` to throw an AutodiffError with `code` whose message matches `why` and
 * names the node's op, its name and the model's opset (details `op`, `node`, `opset`). Returns the error.
 *
 * @example
 * ```ts
 * expectRefusal(bnSpatial0, 'autodiff/unsupported-attribute', /spatial=0/, { op: 'BatchNormalization', node: 'bn' });
 * ```
 */
export function expectRefusal(model: ModelProto, code: string, why: RegExp, names: { op: string; node: string }, target = 17): Error {
  let caught: unknown;
  try {
    upgradeOpset(model, target);
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) expect.fail(`upgradeOpset accepted a model it should refuse (${why})`);
  expect(isKenobiError(caught, code), `${String(caught)} has code ${code}`).to.equal(true);
  const err = caught as Error & { details: Record<string, unknown> };
  expect(err.message).to.match(why);
  expect(err.message).to.contain(names.op).and.to.contain(`'${names.node}'`).and.to.contain(`opset ${opsetOf(model)}`);
  expect(err.details).to.include({ op: names.op, node: names.node, opset: opsetOf(model) });
  return err;
}
