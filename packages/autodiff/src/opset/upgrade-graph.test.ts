/**
 * The upgrade driver: refusals (unknown ops, quantized graphs, subgraphs, targets above 17, nodes missing what
 * their old schema required), what it leaves alone (models already at the target, other domains), element types
 * of the constants it writes, and the op table against onnx 1.12's schemas
 * (packages/autodiff/fixtures/opset-upgrade-onnx.json, made by scripts/fixtures/autodiff/make_opset_upgrade.py).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { encodeModel, floatAttr, int64Tensor, onnx } from '@kenobi/onnx';
import { upgradeOpset } from '../opset-upgrade.js';
import { expectRefusal, expectUpgradeMatches, node, opTypes, tinyModel, weight } from '../test-support/opset/opset-cases.js';
import { ONNX_SINCE_VERSIONS } from './onnx-op-versions.js';
import { OP_UPGRADES } from './op-upgrades.js';
import { UNLISTED_COMPATIBLE } from './unlisted-ops.js';
import { SAME } from './upgrade-step.js';

const fixture = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/opset-upgrade-onnx.json'), 'utf8')) as { opVersions: Record<string, number[]>; allOpVersions: Record<string, number[]> };
const U = 'autodiff/unsupported-attribute';

describe('@kenobi/autodiff upgradeOpset: the driver', () => {
  it("the op tables list exactly onnx 1.12's since_versions up to 17, with a step or SAME for each change", () => {
    expect(ONNX_SINCE_VERSIONS).to.deep.equal(fixture.allOpVersions);
    expect(Object.keys(OP_UPGRADES).sort()).to.deep.equal(Object.keys(fixture.opVersions).sort());
    for (const [op, versions] of Object.entries(UNLISTED_COMPATIBLE)) {
      expect(OP_UPGRADES[op], op).to.equal(undefined);
      for (const v of versions) expect(ONNX_SINCE_VERSIONS[op], op).to.include(v);
    }
    for (const [op, entry] of Object.entries(OP_UPGRADES)) {
      expect(entry.versions, op).to.deep.equal(fixture.opVersions[op]);
      expect(Object.keys(entry.steps).map(Number).sort((a, b) => a - b), op).to.deep.equal(entry.versions.slice(1));
      for (const s of Object.values(entry.steps)) expect(s === SAME || typeof s === 'function', op).to.equal(true);
    }
  });

  it('refuses an op it has no converter for, naming op, node and opsets', () => {
    const m = tinyModel({ opset: 7, nodes: [node('ImageScaler', ['x'], ['y'], { scale: floatAttr(2) }, 'prep')], inputs: { x: [1, 3, 4, 4] } });
    const e = expectRefusal(m, 'autodiff/unsupported-op', /'ImageScaler' is no ONNX op of the default domain known to this converter/, { op: 'ImageScaler', node: 'prep' });
    expect(e.message).to.contain('opset 7 to 17');
    const topK = tinyModel({ opset: 9, nodes: [node('TopK', ['x'], ['y', 'i'], { k: 2 }, 'top')], inputs: { x: [2, 5] } });
    expectRefusal(topK, 'autodiff/unsupported-op', /TopK's schema changed at opset 10 in a way this converter does not rewrite/, { op: 'TopK', node: 'top' });
  });

  it('lets an op outside its table through when its schema did not change, or changed compatibly as onnx registers it', async () => {
    const m = tinyModel({
      opset: 14,
      nodes: [node('HardSwish', ['x'], ['h']), node('CumSum', ['h', 'ax'], ['c'], {}, 'cs'), node('Greater', ['c', 'x'], ['g'], {}, 'gt'), node('Where', ['g', 'c', 'x'], ['y'], {}, 'wh')],
      inputs: { x: [2, 5] },
      initializers: [onnx.TensorProto.create(int64Tensor('ax', [1], []))],
    });
    const { upgraded } = await expectUpgradeMatches(m);
    expect(opTypes(upgraded)).to.deep.equal(['HardSwish', 'CumSum', 'Greater', 'Where']);
    await expectUpgradeMatches(tinyModel({ opset: 9, nodes: [node('Where', ['g', 'x', 'z'], ['y'])], inputs: { x: [2, 5], z: [2, 5] }, initializers: [onnx.TensorProto.create({ name: 'g', data_type: 9, dims: [5], raw_data: Uint8Array.from([1, 0, 1, 1, 0]) })] }));
  });

  it('refuses a quantized (int8) graph up front with the way to its float32 form', () => {
    const m = tinyModel({
      opset: 10,
      nodes: [node('Relu', ['x'], ['r']), node('QuantizeLinear', ['r', 'sc', 'zp'], ['q'], {}, 'quant'), node('QLinearConv', ['q', 'sc', 'zp', 'wq', 'sc', 'zp', 'sc', 'zp'], ['y'], {}, 'qconv')],
      inputs: { x: [1, 1, 4, 4] },
    });
    const e = expectRefusal(m, 'autodiff/unsupported-op', /the model is quantized: QuantizeLinear node 'quant' \(opset 10\) has no gradient/, { op: 'QuantizeLinear', node: 'quant' });
    expect((e as Error & { hint: string }).hint).to.match(/int8 model cannot be differentiated: use a float32 form of the same network, its dequantized derivative \(the zoo ids ending in -dequantized-fp32/);
  });

  it('refuses nodes with subgraphs, targets above 17, and nodes missing what their old schema required', () => {
    const branch = onnx.GraphProto.create({ name: 'b', node: [node('Identity', ['x'], ['z'])], output: [{ name: 'z' }] });
    const withIf = tinyModel({ opset: 9, nodes: [node('If', ['c'], ['y'], {}, 'cond')], inputs: { x: [1], c: [1] } });
    withIf.graph!.node![0]!.attribute = [onnx.AttributeProto.create({ name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch })];
    expectRefusal(withIf, 'autodiff/unsupported-op', /nodes with subgraphs are not converted/, { op: 'If', node: 'cond' });
    expect(() => upgradeOpset(tinyModel({ opset: 9, nodes: [node('Relu', ['x'], ['y'])], inputs: { x: [2] } }), 18)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'autodiff/bad-option') && /opset 18: the converter knows the ops up to opset 17/.test((e as Error).message));
    expectRefusal(tinyModel({ opset: 1, nodes: [node('Reshape', ['x'], ['y'], {}, 'rs')], inputs: { x: [2, 3] } }), U, /no `shape` attribute/, { op: 'Reshape', node: 'rs' });
    expectRefusal(tinyModel({ opset: 1, nodes: [node('Split', ['x'], ['a', 'b'], {}, 'sp')], inputs: { x: [2, 4] }, outputs: ['a', 'b'] }), U, /Split-1 has no `axis`/, { op: 'Split', node: 'sp' });
    expectRefusal(tinyModel({ opset: 11, nodes: [node('Unsqueeze', ['x'], ['y'], {}, 'us')], inputs: { x: [2, 4] } }), U, /no `axes` attribute/, { op: 'Unsqueeze', node: 'us' });
    expectRefusal(tinyModel({ opset: 9, nodes: [node('Slice', ['x'], ['y'], { starts: [0] }, 'sl')], inputs: { x: [2, 4] } }), U, /needs both `starts` and `ends`/, { op: 'Slice', node: 'sl' });
    expectRefusal(tinyModel({ opset: 1, nodes: [node('Cast', ['x'], ['y'], { to: 'FLOAT32' }, 'cast')], inputs: { x: [2] } }), U, /Cast-1 to 'FLOAT32' is no ONNX element type/, { op: 'Cast', node: 'cast' });
  });

  it('returns a model already at the target unchanged, and leaves other domains and their imports alone', async () => {
    const at17 = tinyModel({ opset: 17, nodes: [node('Relu', ['x'], ['y'])], inputs: { x: [2] } });
    expect(upgradeOpset(at17, 17)).to.equal(at17);
    const mixed = tinyModel({ opset: 9, nodes: [node('Relu', ['x'], ['r']), node('FusedThing', ['r'], ['y'], {}, 'custom')], inputs: { x: [2, 3] } });
    mixed.graph!.node![1]!.domain = 'com.example';
    mixed.opset_import = [...mixed.opset_import!, { domain: 'com.example', version: 3 }];
    const up = upgradeOpset(mixed, 17);
    expect(up.opset_import).to.deep.include.members([{ domain: 'com.example', version: 3 }]);
    expect(up.opset_import!.find((o) => !o.domain)!.version).to.equal(17);
    expect(up.graph!.node![1]).to.equal(mixed.graph!.node![1]);
    expect(Number(up.ir_version)).to.equal(8);
  });

  it('writes Clip bounds and Pad values in the input element type (float64 here), refuses float16', async () => {
    const m = tinyModel({ opset: 10, nodes: [node('Clip', ['x'], ['c'], { min: floatAttr(-0.5), max: floatAttr(0.25) }), node('Pad', ['c'], ['y'], { pads: [1, 0, 0, 1], value: floatAttr(0.125) }, 'pad')], inputs: { x: [2, 3] } });
    m.graph!.input![0]!.type!.tensor_type!.elem_type = onnx.TensorProto.DataType.DOUBLE;
    m.graph!.output![0]!.type!.tensor_type!.elem_type = onnx.TensorProto.DataType.DOUBLE;
    const up = upgradeOpset(m, 17);
    const added = up.graph!.initializer!.filter((t) => /_(min|max|value)$/.test(t.name!));
    expect(added.map((t) => t.data_type)).to.deep.equal([11, 11, 11]);
    expect(opTypes(up)).to.deep.equal(['Clip', 'Pad']);
    // NOTE: ONNX Runtime has no float64 Clip-6 kernel: the reference is the old text, clip then pad, in plain numbers
    const ort = await import('onnxruntime-node');
    const x = [-1, -0.25, 0, 0.1, 0.3, 2];
    const s = await ort.InferenceSession.create(encodeModel(up), { logSeverityLevel: 3 });
    const got = Array.from((await s.run({ x: new ort.Tensor('float64', Float64Array.from(x), [2, 3]) })).y!.data as Float64Array);
    await s.release();
    const clipped = x.map((v) => Math.min(Math.max(v, -0.5), 0.25));
    expect(got).to.deep.equal([0.125, 0.125, 0.125, 0.125, ...clipped.slice(0, 3), 0.125, ...clipped.slice(3), 0.125]);
    m.graph!.input![0]!.type!.tensor_type!.elem_type = onnx.TensorProto.DataType.FLOAT16;
    expectRefusal(m, U, /element type 10/, { op: 'Clip', node: 'clip_node' });
  });

  it('a whole old CNN (opset 3: Conv, BN is_test, Relu, pools, Concat, Dropout, Reshape, Gemm broadcast, Softmax) against the same network written at opset 7', async () => {
    const nodes = (old: boolean): onnx.NodeProto[] => [
      node('Conv', ['x', 'w', 'cb'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('BatchNormalization', ['c', 's', 'bb', 'm', 'v'], ['n'], old ? { is_test: 1, spatial: 1, consumed_inputs: [0, 0, 0, 1, 1] } : {}),
      node('Relu', ['n'], ['r']),
      node('MaxPool', ['r'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('Concat', ['p', 'p'], ['cat'], old ? {} : { axis: 1 }),
      node('Dropout', ['cat'], ['d'], old ? { is_test: 1 } : {}),
      node('Reshape', old ? ['d'] : ['d', 'shape'], ['f'], old ? { shape: [0, -1] } : {}),
      node('Gemm', ['f', 'fw', 'fb'], ['g'], old ? { broadcast: 1, transB: 1 } : { transB: 1 }),
      node('Softmax', ['g'], ['y']),
    ];
    const inits = [weight('w', [4, 3, 3, 3], 1), weight('cb', [4], 2), weight('s', [4], 3, 0.5, 1.5), weight('bb', [4], 4), weight('m', [4], 5), weight('v', [4], 6, 0.5, 1.5), weight('fw', [5, 32], 7), weight('fb', [5], 8)];
    const old = tinyModel({ opset: 3, nodes: nodes(true), inputs: { x: [2, 3, 4, 4] }, initializers: inits });
    const reference = tinyModel({ opset: 7, nodes: nodes(false), inputs: { x: [2, 3, 4, 4] }, initializers: [...inits, onnx.TensorProto.create(int64Tensor('shape', [0, -1]))] });
    const { upgraded } = await expectUpgradeMatches(old, { reference });
    expect(opTypes(upgraded)).to.deep.equal(['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Concat', 'Dropout', 'Reshape', 'Gemm', 'Softmax']);
    // IR 3 listed the initializers as inputs (constants to ORT); at IR 8 they would be overridable inputs
    expect(old.graph!.input!.map((i) => i.name)).to.have.length(9);
    expect(upgraded.graph!.input!.map((i) => i.name)).to.deep.equal(['x']);
  });
});
