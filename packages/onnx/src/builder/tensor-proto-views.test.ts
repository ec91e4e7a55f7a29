/**
 * Strided views as tensor data: a transposed or reversed scijs array given to `float32Tensor`, the builder's
 * `initializer` and `constant` gives the same model, byte for byte, as the contiguous array it shows (and the
 * same ORT output); tensors come back as scijs arrays (`asNdarray(tensorArray(t))`, `@kenobi/onnx/node`).
 */
import { expect } from 'chai';
import type { StridedView } from '@kenobi/core';
import { onnx } from '../../generated/onnx-proto.js';
import { ndarray, ops } from '../../../core/src/test-support/scijs.js';
import { asNdarray, fromNdarray } from '../node.js';
import { tensorArray } from '../tensor-data.js';
import { runOnBothOrt } from '../test-support/run-on-both-ort.js';
import { GraphBuilder } from './graph-builder.js';
import { float32Tensor, float32Values } from './tensor-proto.js';

const encode = (m: onnx.ModelProto): Uint8Array => onnx.ModelProto.encode(m).finish();

/** w as [4, 3] (C order) and the same values stored as its transpose [3, 4]. */
const W = Float32Array.from({ length: 12 }, (_, i) => (i - 5) / 4);
const WT = Float32Array.from({ length: 12 }, (_, k) => W[(k % 4) * 3 + Math.floor(k / 4)]!);
const BIAS = Float32Array.of(0.5, -1, 2);

/** x [N, 4] → x·w + b: w from `w`, b a Constant from `b`. */
function model(w: Float32Array | StridedView, b: Float32Array | StridedView): onnx.ModelProto {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', ['N', 4]);
  g.initializer('w', w, w instanceof Float32Array ? [4, 3] : undefined);
  g.output(g.add(g.matMul(x, 'w'), g.constant(b, b instanceof Float32Array ? [3] : undefined, { name: 'bias' })));
  return g.build();
}

describe('strided views as tensor data (@kenobi/onnx builder), ndarray out (Node)', function () {
  this.timeout(60_000);

  it('float32Tensor of a transposed view equals float32Tensor of the contiguous array (dims, bytes)', () => {
    const view = ndarray(WT, [3, 4]).transpose(1, 0);
    const a = float32Tensor('w', W, [4, 3]);
    const b = float32Tensor('w', view);
    expect(b.dims.map(Number)).to.deep.equal([4, 3]);
    expect(Array.from(b.raw_data!)).to.deep.equal(Array.from(a.raw_data!));
  });

  it('a model built from views is byte-identical to one built from arrays, and ORT gives the same output', async () => {
    const reversedBias = ndarray(Float32Array.of(2, -1, 0.5), [3]).step(-1);
    const fromArrays = model(W, BIAS);
    const fromViews = model(ndarray(WT, [3, 4]).transpose(1, 0), reversedBias);
    expect(Array.from(encode(fromViews))).to.deep.equal(Array.from(encode(fromArrays)));
    const x = Float32Array.of(1, 2, 3, 4, -1, 0, 1, 0);
    const { node, dims } = await runOnBothOrt(fromViews, x, [2, 4]);
    expect(dims).to.deep.equal([2, 3]);
    const byHand = [0, 1].flatMap((r) => [0, 1, 2].map((c) => BIAS[c]! + [0, 1, 2, 3].reduce((s, k) => s + x[r * 4 + k]! * W[k * 3 + c]!, 0)));
    Array.from(node).forEach((v, i) => expect(v).to.be.closeTo(byHand[i]!, 1e-5));
  });

  it('tensors as ndarray: asNdarray(tensorArray(t)) reads the weights; a transpose round-trips through fromNdarray', () => {
    const t = float32Tensor('w', W, [4, 3]);
    const nd = asNdarray(tensorArray(t));
    expect(nd.shape).to.deep.equal([4, 3]);
    expect(nd.get(2, 1)).to.equal(W[2 * 3 + 1]);
    expect(ops.sum(nd.pick(null, 0))).to.be.closeTo(W[0]! + W[3]! + W[6]! + W[9]!, 1e-6);
    const back = fromNdarray(nd.transpose(1, 0));
    expect(back.shape).to.deep.equal([3, 4]);
    expect(Array.from(back.data as Float32Array)).to.deep.equal(Array.from(WT));
  });

  it('converts integer views to float32 and refuses mismatched dims and non-views (onnx/builder-shape)', () => {
    const ints = float32Values(ndarray(Int16Array.of(1, 2, 3, 4), [2, 2]).transpose(1, 0));
    expect(Array.from(ints.data)).to.deep.equal([1, 3, 2, 4]);
    expect(() => float32Tensor('w', ndarray(WT, [3, 4]), [4, 3])).to.throw(/differ from the view's shape/).with.property('code', 'onnx/builder-shape');
    expect(() => float32Tensor('w', W, [5, 3])).to.throw(/12 values do not fill dims \[5, 3\]/).with.property('code', 'onnx/builder-shape');
    expect(() => float32Tensor('w', { data: [1] } as never)).to.throw(/Float32Array or a strided view/).with.property('code', 'onnx/builder-shape');
  });
});
