import { expect } from 'chai';
import { isKenobiError, SeededRandom } from '@kenobi/core';
import { onnx } from '../../generated/onnx-proto.js';
import { singleConvModel } from '../architectures/single-conv.js';
import { maxAbsDiff, runOnBothOrt } from '../test-support/run-on-both-ort.js';
import { GraphBuilder } from './graph-builder.js';
import { fillWeights } from './weight-init.js';

const encode = (m: onnx.ModelProto): Uint8Array => onnx.ModelProto.encode(m).finish();

describe('GraphBuilder', () => {
  it('gives the seeds\' hand-checked 3×3 box-filter convolution on ORT-node CPU and WASM', async () => {
    const image = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]];
    const expected = [[1.7, 1.7, 1.7], [1.0, 1.2, 1.8], [1.1, 0.8, 1.3]];
    const model = singleConvModel({ inChannels: 1, outChannels: 1, kernel: 3, size: 5, weights: new Float32Array(9).fill(1 / 9) });
    const { node, web, dims } = await runOnBothOrt(model, Float32Array.from(image.flat()), [1, 1, 5, 5]);
    expect(dims).to.deep.equal([1, 1, 3, 3]);
    for (const out of [node, web]) {
      expect(Array.from(out, (v) => Math.round(v * 10) / 10)).to.deep.equal(expected.flat());
    }
    expect(node[0]).to.be.closeTo(15 / 9, 1e-6);
    expect(maxAbsDiff(node, web)).to.be.at.most(1e-6);
  });

  it('builds a 6-input-channel canary Conv that runs with the declared output shape', async () => {
    const model = singleConvModel({ inChannels: 6, outChannels: 4, kernel: 3, size: 8, seed: 7, bias: true });
    expect(model.graph!.output![0]!.type!.tensor_type!.shape!.dim!.map((d) => d.dim_param || Number(d.dim_value))).to.deep.equal(['N', 4, 6, 6]);
    const rng = new SeededRandom(1);
    const input = Float32Array.from({ length: 2 * 6 * 64 }, () => rng.normal());
    const { node, web, dims } = await runOnBothOrt(model, input, [2, 6, 8, 8]);
    expect(dims).to.deep.equal([2, 4, 6, 6]);
    expect(maxAbsDiff(node, web)).to.be.at.most(1e-5);
    expect(Math.max(...node.map(Math.abs))).to.be.greaterThan(0.1);
  });

  it('writes ir_version 8, opset 17 and float32 initializers as little-endian raw_data', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['N', 2]);
    b.initializer('w', new Float32Array([1.5, -2, 0.25, 8]), [2, 2]);
    b.output(b.matMul(x, 'w'));
    const model = b.build();
    expect(Number(model.ir_version)).to.equal(8);
    expect(model.opset_import!.map((o) => [o.domain, Number(o.version)])).to.deep.equal([['', 17]]);
    const w = model.graph!.initializer![0]!;
    const view = new DataView(w.raw_data!.buffer, w.raw_data!.byteOffset, w.raw_data!.byteLength);
    expect([0, 1, 2, 3].map((i) => view.getFloat32(i * 4, true))).to.deep.equal([1.5, -2, 0.25, 8]);
    const decoded = onnx.ModelProto.decode(encode(model));
    expect(decoded.graph!.node![0]!.op_type).to.equal('MatMul');
  });

  it('gives identical bytes for the same seed and different weights for another seed', () => {
    const make = (seed: number): Uint8Array => {
      const b = new GraphBuilder({ seed });
      const x = b.input('x', 'float32', ['N', 3, 8, 8]);
      b.output(b.dense(b.flatten(b.relu(b.conv(x, { outChannels: 4, kernel: 3 }))), { units: 5 }));
      return encode(b.build());
    };
    expect(Buffer.from(make(3)).equals(Buffer.from(make(3)))).to.equal(true);
    expect(Buffer.from(make(3)).equals(Buffer.from(make(4)))).to.equal(false);
  });

  it('names nodes and tensors uniquely', () => {
    const b = new GraphBuilder();
    let x = b.input('x', 'float32', ['N', 4]);
    x = b.relu(b.relu(b.relu(x)));
    x = b.relu(x, { name: 'act' });
    x = b.relu(x, { name: 'act' });
    b.output(x);
    const nodes = b.build().graph!.node!;
    const names = nodes.map((n) => n.name);
    expect(new Set(names).size).to.equal(5);
    expect(names).to.include.members(['relu_0', 'relu_1', 'relu_2', 'act', 'act_1']);
    expect(() => b.input('x', 'float32', [1])).to.throw(/already used/);
    expect(() => b.node('Relu', ['nope'])).to.satisfy((f: () => void) => {
      try { f(); return false; } catch (e) { return isKenobiError(e, 'onnx/builder-name'); }
    });
  });

  it('tracks shapes through conv, pools (incl. ceil mode), concat, flatten and reshape', () => {
    const b = new GraphBuilder({ materialize: false });
    const x = b.input('x', 'float32', ['N', 3, 224, 224]);
    const c = b.conv(x, { outChannels: 64, kernel: 7, stride: 2, pad: 3 });
    expect(b.shapeOf(c)).to.deep.equal(['N', 64, 112, 112]);
    const p = b.maxPool(c, { kernel: 3, stride: 2, ceil: true });
    expect(b.shapeOf(p)).to.deep.equal(['N', 64, 56, 56]);
    const q = b.averagePool(p, { kernel: 2 });
    expect(b.shapeOf(q)).to.deep.equal(['N', 64, 28, 28]);
    expect(b.shapeOf(b.concat([q, q]))).to.deep.equal(['N', 128, 28, 28]);
    expect(b.shapeOf(b.flatten(q))).to.deep.equal(['N', 64 * 28 * 28]);
    expect(b.shapeOf(b.reshape(q, [-1, 64, 784]))).to.deep.equal(['N', 64, 784]);
    expect(b.shapeOf(b.transpose(q, [0, 2, 3, 1]))).to.deep.equal(['N', 28, 28, 64]);
    expect(b.shapeOf(b.reduceMean(q, [2, 3], { keepdims: false }))).to.deep.equal(['N', 64]);
  });

  it('writes ReduceMean axes as an attribute in opset 17 and as an input in opset 18, both correct', async () => {
    for (const opset of [17, 18]) {
      const b = new GraphBuilder({ opset });
      const x = b.input('x', 'float32', ['N', 2, 2, 2]);
      b.output(b.reduceMean(x, [2, 3], { keepdims: false }));
      const model = b.build();
      const node = model.graph!.node![0]!;
      expect(node.input!.length).to.equal(opset >= 18 ? 2 : 1);
      expect(node.attribute!.some((a) => a.name === 'axes')).to.equal(opset < 18);
      const { node: out, web } = await runOnBothOrt(model, Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]), [1, 2, 2, 2]);
      expect(Array.from(out)).to.deep.equal([2.5, 25]);
      expect(Array.from(web)).to.deep.equal([2.5, 25]);
    }
  });

  it('runs the elementwise, shape and normalisation helpers with the expected values', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2, 2, 2]);
    const one = b.constant([1], [1]);
    let y = b.add(b.mul(x, b.constant([2], [1])), one);               // 2x + 1
    y = b.div(b.sub(y, one), b.constant([2], [1]));                    // x
    y = b.pad(y, [0, 0, 1, 0, 0, 0, 0, 0]);                            // [1, 2, 3, 2], zero row on top
    y = b.lrn(b.identity(y), { size: 1, alpha: 0.5, beta: 0.75, bias: 2 }); // x / (2 + 0.5·x²)^0.75
    y = b.dropout(b.leakyRelu(y, { alpha: 0.5 }), { ratio: 0.3 });      // inference: identity
    y = b.reshape(y, [1, -1]);
    b.output(b.softmax(b.sigmoid(b.tanh(y))));
    const input = Float32Array.from([1, -2, 3, -4, 0.5, -0.5, 2, -1]);
    const { node, web, dims } = await runOnBothOrt(b.build(), input, [1, 2, 2, 2]);
    expect(dims).to.deep.equal([1, 12]);
    const padded = [0, 0, 1, -2, 3, -4, 0, 0, 0.5, -0.5, 2, -1]
      .map((v) => v / Math.pow(2 + 0.5 * v * v, 0.75))
      .map((v) => (v < 0 ? 0.5 * v : v));
    const s = padded.map((v) => 1 / (1 + Math.exp(-Math.tanh(v))));
    const z = s.reduce((a, v) => a + Math.exp(v), 0);
    const expected = s.map((v) => Math.exp(v) / z);
    expect(maxAbsDiff(node, Float32Array.from(expected))).to.be.at.most(1e-6);
    expect(maxAbsDiff(node, web)).to.be.at.most(1e-6);
  });

  it('keeps Dropout random at inference with the training_mode input', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 1000]);
    b.output(b.dropout(x, { ratio: 0.5, trainingMode: true }));
    const model = b.build();
    expect(model.graph!.node![0]!.input!.length).to.equal(3);
    const { node, web } = await runOnBothOrt(model, new Float32Array(1000).fill(1), [1, 1000]);
    for (const out of [node, web]) {
      const zeros = out.filter((v) => v === 0).length;
      expect(zeros).to.be.within(400, 600);
      expect(out.filter((v) => v !== 0).every((v) => Math.abs(v - 2) < 1e-6)).to.equal(true);
    }
  });

  it('draws He, Glorot and LeCun weights with the right spread', () => {
    const n = 40000;
    const std = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    const fans = { fanIn: 50, fanOut: 200 };
    const cases: [Parameters<typeof fillWeights>[1], number][] = [
      ['he-normal', Math.sqrt(2 / 50)], ['he-uniform', Math.sqrt(2 / 50)],
      ['glorot-normal', Math.sqrt(2 / 250)], ['glorot-uniform', Math.sqrt(2 / 250)],
      ['lecun-normal', Math.sqrt(1 / 50)], ['lecun-uniform', Math.sqrt(1 / 50)],
    ];
    for (const [init, expected] of cases) {
      const w = fillWeights(new Float32Array(n), init, fans, new SeededRandom(9));
      expect(std(w), String(init)).to.be.closeTo(expected, expected * 0.03);
    }
    const limit = Math.sqrt(6 / 50);
    const u = fillWeights(new Float32Array(n), 'he-uniform', fans, new SeededRandom(9));
    expect(Math.max(...u)).to.be.at.most(limit);
    expect(Math.min(...u)).to.be.at.least(-limit);
    expect(Array.from(fillWeights(new Float32Array(3), 'ones', fans, new SeededRandom(1)))).to.deep.equal([1, 1, 1]);
  });

  it('records dims without data in shapes-only mode', () => {
    const b = new GraphBuilder({ materialize: false });
    const x = b.input('x', 'float32', ['N', 3, 32, 32]);
    b.output(b.batchNorm(b.conv(x, { outChannels: 16, kernel: 3, bias: false })));
    const inits = b.build().graph!.initializer!;
    expect(inits.map((t) => t.dims!.map(Number))).to.deep.equal([[16, 3, 3, 3], [16], [16], [16], [16]]);
    expect(inits.every((t) => t.raw_data!.length === 0)).to.equal(true);
  });

  it('rejects a bad opset and a graph without outputs with typed errors', () => {
    expect(() => new GraphBuilder({ opset: 9 })).to.throw(/opset must be/);
    expect(() => new GraphBuilder().build()).to.throw(/no output/);
  });
});
