/**
 * Seeded structure-level mutations of a decoded model: the damage a buggy exporter, a hand edit or a hostile
 * file does to a graph that still decodes (dangling inputs, cycles, missing initializers, absurd dims and
 * attributes, raw_data shorter than its dims, wrong element types, empty graphs, duplicate names, missing
 * opsets, very deep graphs). The model is changed in place; re-encode it to get the case's bytes. Not shipped.
 */
import Long from 'long';
import type { SeededRandom } from '@kenobi/core';
import { onnx } from '../../generated/onnx-proto.js';
import type { GraphProto, ModelProto, NodeProto, TensorProto } from '../onnx-types.js';

/** The structure mutations of {@link mutateModel}. */
export const MODEL_MUTATIONS = Object.freeze([
  'dangling-input',
  'cycle',
  'missing-initializer',
  'dim-negative',
  'dim-zero',
  'dim-huge',
  'raw-data-short',
  'typed-data-mismatch',
  'wrong-data-type',
  'absurd-attribute',
  'attribute-type',
  'empty-graph',
  'no-graph',
  'duplicate-name',
  'no-opset',
  'opset-absurd',
  'ir-version',
  'shuffle-nodes',
  'value-info-dims',
  'shape-constant',
  'dynamic-reshape-huge',
  'external-data',
  'no-op-type',
  'unknown-output',
  'deep-chain',
  'wide-unsorted',
  'nested-subgraphs',
] as const);

/** One of {@link MODEL_MUTATIONS}. */
export type ModelMutation = (typeof MODEL_MUTATIONS)[number];

const HUGE: readonly Long[] = [Long.fromNumber(2 ** 31), Long.fromNumber(1e12), Long.fromNumber(2 ** 53 - 1), Long.MAX_VALUE, Long.MIN_VALUE, Long.fromNumber(-(2 ** 40))];
const ABSURD_INTS: readonly number[] = [0, -1, -7, 2 ** 31 - 1, -(2 ** 31), 1e9, 65536];
const WINDOW_ATTRIBUTES = ['kernel_shape', 'strides', 'pads', 'dilations', 'perm', 'axes'];
const INT_ATTRIBUTES = ['axis', 'transA', 'transB', 'keepdims', 'ceil_mode', 'to', 'group', 'allowzero'];

/** Options of {@link mutateModel}. */
export interface ModelMutationOptions {
  /** Most nodes a deep-chain or wide-unsorted mutation adds (default 20,000; the in-suite test uses fewer). */
  readonly maxNodes?: number;
}

/**
 * Applies one structure mutation (drawn from `rng` unless given) to `model`, in place. Returns its name.
 *
 * @example
 * ```ts
 * const model = decodeModel(seedBytes);
 * mutateModel(model, new SeededRandom(5)); // e.g. 'cycle'
 * const bytes = encodeModel(model);
 * ```
 */
export function mutateModel(model: ModelProto, rng: SeededRandom, mutation?: ModelMutation, options: ModelMutationOptions = {}): ModelMutation {
  const maxNodes = options.maxNodes ?? 20000;
  const kind = mutation ?? MODEL_MUTATIONS[rng.int(MODEL_MUTATIONS.length)]!;
  const graph = (model.graph ??= onnx.GraphProto.create({}));
  const nodes = (graph.node ??= []) as NodeProto[];
  const inits = (graph.initializer ??= []) as TensorProto[];
  const pick = <T>(list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[rng.int(list.length)]);
  const node = pick(nodes);
  const init = pick(inits);
  const outputsOf = (list: readonly NodeProto[]): string[] => list.flatMap((n) => (n.output ?? []).filter((o) => o));
  switch (kind) {
    case 'dangling-input':
      if (node) node.input = [...(node.input ?? []), `missing_${rng.int(1000)}`].slice(-Math.max(1, (node.input?.length ?? 0)));
      break;
    case 'cycle': {
      // A node reads a tensor made by itself or by a later node.
      const i = rng.int(Math.max(1, nodes.length));
      const later = outputsOf(nodes.slice(i));
      const target = nodes[i];
      if (target && later.length > 0) target.input = [pick(later)!, ...(target.input ?? []).slice(1)];
      break;
    }
    case 'missing-initializer':
      if (init) {
        inits.splice(inits.indexOf(init), 1);
        graph.input = (graph.input ?? []).filter((v) => v.name !== init.name);
      }
      break;
    case 'dim-negative':
    case 'dim-zero':
    case 'dim-huge': {
      const tensor = init ?? constantValues(nodes)[0];
      if (!tensor) break;
      const dims = [...(tensor.dims ?? [])];
      const value = kind === 'dim-negative' ? Long.fromNumber(-1 - rng.int(1000)) : kind === 'dim-zero' ? Long.ZERO : pick(HUGE)!;
      if (dims.length === 0 || rng.uniform() < 0.2) dims.push(value);
      else dims[rng.int(dims.length)] = value;
      tensor.dims = dims;
      break;
    }
    case 'raw-data-short': {
      const tensor = pick(inits.filter((t) => (t.raw_data?.length ?? 0) > 0));
      if (tensor) tensor.raw_data = tensor.raw_data!.subarray(0, rng.int(tensor.raw_data!.length));
      break;
    }
    case 'typed-data-mismatch':
      if (init) {
        init.raw_data = new Uint8Array(0);
        init.data_type = onnx.TensorProto.DataType.FLOAT;
        init.float_data = Array.from({ length: rng.int(5) }, () => rng.normal());
      }
      break;
    case 'wrong-data-type':
      if (init) init.data_type = rng.uniform() < 0.5 ? rng.int(24) : pick([-1, 99, 2 ** 31 - 1, 8])!;
      break;
    case 'absurd-attribute': {
      if (!node) break;
      const name = pick([...WINDOW_ATTRIBUTES, ...INT_ATTRIBUTES])!;
      const attrs = (node.attribute ?? []).filter((a) => a.name !== name);
      const value = pick(ABSURD_INTS)!;
      const long = rng.uniform() < 0.2 ? pick(HUGE)! : Long.fromNumber(value);
      attrs.push(WINDOW_ATTRIBUTES.includes(name)
        ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: Array.from({ length: rng.int(6) }, () => (rng.uniform() < 0.5 ? long : Long.fromNumber(pick(ABSURD_INTS)!))) })
        : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: long }));
      node.attribute = attrs;
      break;
    }
    case 'attribute-type': {
      const a = pick(nodes.flatMap((n) => n.attribute ?? []));
      if (a) {
        // The declared type no longer matches the field that holds the value.
        a.type = rng.int(15);
        a.ints = [];
        a.i = Long.ZERO;
        if (rng.uniform() < 0.5) a.s = Uint8Array.from({ length: rng.int(8) }, () => rng.int(256));
      }
      break;
    }
    case 'empty-graph':
      graph.node = [];
      break;
    case 'no-graph':
      model.graph = null;
      break;
    case 'duplicate-name': {
      const what = rng.int(3);
      if (what === 0 && nodes.length >= 2) nodes[rng.int(nodes.length)]!.output = [...(pick(nodes)!.output ?? [])];
      else if (what === 1 && init) inits.push(onnx.TensorProto.create({ ...init, dims: [Long.fromNumber(1)], raw_data: new Uint8Array(4), data_type: 1 }));
      else if (node) node.name = pick(nodes)!.name ?? '';
      break;
    }
    case 'no-opset':
      model.opset_import = [];
      break;
    case 'opset-absurd':
      model.opset_import = [onnx.OperatorSetIdProto.create({ domain: pick(['', 'ai.onnx', 'com.microsoft', 'x'.repeat(rng.int(64))])!, version: pick(HUGE)! })];
      break;
    case 'ir-version':
      model.ir_version = pick([Long.ZERO, Long.fromNumber(-3), Long.fromNumber(65), Long.MAX_VALUE, Long.fromNumber(3)])!;
      break;
    case 'shuffle-nodes': {
      const p = rng.permutation(nodes.length);
      graph.node = Array.from(p, (k) => nodes[k]!);
      break;
    }
    case 'value-info-dims': {
      const v = pick([...(graph.input ?? []), ...(graph.output ?? []), ...(graph.value_info ?? [])]);
      const dims = v?.type?.tensor_type?.shape?.dim;
      if (dims && dims.length > 0) {
        const d = dims[rng.int(dims.length)]!;
        d.dim_value = rng.uniform() < 0.5 ? pick(HUGE)! : Long.fromNumber(pick(ABSURD_INTS)!);
        d.dim_param = '';
      } else if (v) v.type = onnx.TypeProto.create({ tensor_type: { elem_type: rng.int(30), shape: { dim: Array.from({ length: 1 + rng.int(200) }, () => ({ dim_value: pick(HUGE)! })) } } });
      break;
    }
    case 'shape-constant': {
      // A shape-like int64 constant holding extreme values (Reshape shape, Pad pads, ReduceMean axes...).
      const t = pick([...inits, ...constantValues(nodes)].filter((x) => x.data_type === onnx.TensorProto.DataType.INT64));
      if (!t) break;
      const values = BigInt64Array.from({ length: rng.uniform() < 0.2 ? 64 : 1 + rng.int(5) }, () => BigInt(pick(HUGE)!.toString()) * (rng.uniform() < 0.5 ? 1n : 0n) + BigInt(pick(ABSURD_INTS)!));
      t.raw_data = new Uint8Array(values.buffer);
      t.int64_data = [];
      t.dims = [Long.fromNumber(values.length)];
      break;
    }
    case 'dynamic-reshape-huge': {
      // A Reshape whose shape comes from a graph input declared with a huge length.
      const x = pick(outputsOf(nodes)) ?? graph.input?.[0]?.name ?? 'input';
      const len = pick(HUGE)!;
      graph.input = [...(graph.input ?? []), onnx.ValueInfoProto.create({ name: 'fuzz_shape', type: { tensor_type: { elem_type: 7, shape: { dim: [{ dim_value: len }] } } } })];
      nodes.push(onnx.NodeProto.create({ name: 'fuzz_reshape', op_type: 'Reshape', input: [x, 'fuzz_shape'], output: ['fuzz_reshaped'] }));
      graph.output = [...(graph.output ?? []), onnx.ValueInfoProto.create({ name: 'fuzz_reshaped' })];
      break;
    }
    case 'external-data':
      if (init) {
        init.data_location = onnx.TensorProto.DataLocation.EXTERNAL;
        init.external_data = [onnx.StringStringEntryProto.create({ key: 'location', value: pick(['../../etc/passwd', 'weights.bin', '', '/dev/zero'])! })];
      }
      break;
    case 'no-op-type':
      if (node) node.op_type = pick(['', 'NoSuchOp', 'Gemm', 'If', 'Loop', 'Constant'])!;
      break;
    case 'unknown-output':
      graph.output = [...(graph.output ?? []), onnx.ValueInfoProto.create({ name: pick(['', 'nowhere', 'input'])! })];
      break;
    case 'deep-chain': {
      // Thousands of nodes in a row from a constant (a long graph is legal; recursion over it must not overflow).
      const length = Math.ceil(maxNodes / 10) + rng.int(maxNodes);
      const start = init?.name ?? graph.input?.[0]?.name ?? 'input';
      let prev = start;
      for (let k = 0; k < length; k++) {
        const out = `chain_${k}`;
        nodes.push(onnx.NodeProto.create({ op_type: k % 2 ? 'Relu' : 'Identity', input: [prev], output: [out] }));
        prev = out;
      }
      nodes.push(onnx.NodeProto.create({ name: 'chain_fc', op_type: 'MatMul', input: [graph.input?.[0]?.name ?? start, prev], output: ['chain_logits'] }));
      graph.output = [...(graph.output ?? []), onnx.ValueInfoProto.create({ name: 'chain_logits' })];
      break;
    }
    case 'wide-unsorted': {
      // Thousands of independent nodes, then one that a node before them reads: the file is not sorted.
      const width = Math.ceil(maxNodes / 10) + rng.int(maxNodes);
      const x = graph.input?.[0]?.name ?? 'input';
      const wide = Array.from({ length: width }, (_, k) => onnx.NodeProto.create({ op_type: 'Relu', input: [x], output: [`wide_${k}`] }));
      const last = onnx.NodeProto.create({ op_type: 'Sum', input: wide.map((n) => n.output[0]!), output: ['wide_sum'] });
      graph.node = [onnx.NodeProto.create({ op_type: 'Identity', input: ['wide_sum'], output: ['wide_out'] }), ...wide, last, ...nodes];
      graph.output = [...(graph.output ?? []), onnx.ValueInfoProto.create({ name: 'wide_out' })];
      break;
    }
    case 'nested-subgraphs': {
      // If inside If inside If..., the innermost reading an outer tensor.
      // NOTE: at most 30 levels: protobufjs refuses to encode (and decode) messages nested deeper than 100.
      const depth = 1 + rng.int(30);
      const outer = graph.input?.[0]?.name ?? 'input';
      const leaf = (): GraphProto => onnx.GraphProto.create({ name: 'leaf', node: [onnx.NodeProto.create({ op_type: 'Identity', input: [outer], output: ['leaf_out'] })], output: [{ name: 'leaf_out' }] });
      let body = leaf();
      for (let k = 0; k < depth; k++) {
        // NOTE: a fresh else-branch per level; sharing one object in both branches would double the bytes per level.
        const n = onnx.NodeProto.create({ op_type: 'If', input: [outer], output: [`nest_${k}`], attribute: [{ name: 'then_branch', type: 5, g: body }, { name: 'else_branch', type: 5, g: leaf() }] });
        body = onnx.GraphProto.create({ name: `g${k}`, node: [n], output: [{ name: `nest_${k}` }] });
      }
      nodes.push(...((body.node ?? []) as NodeProto[]));
      break;
    }
  }
  return kind;
}

function constantValues(nodes: readonly NodeProto[]): TensorProto[] {
  return nodes.filter((n) => n.op_type === 'Constant').flatMap((n) => (n.attribute ?? []).map((a) => a.t).filter((t): t is TensorProto => !!t));
}
