/**
 * The scijs bridge: strided, transposed, reversed and offset views in give the same C-order values as the
 * contiguous arrays they show; Kenobi's arrays out are views (ndarray-ops writes through them), and round
 * trips through ndarray-ops give the values computed by hand.
 */
import { expect } from 'chai';
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { asNdarray, fromNdarray } from '../node.js';
import { cOrderValues, isCContiguous, isStridedView } from './strided-view.js';

/** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] as float32, C order. */
const base = (): Float32Array => Float32Array.from({ length: 12 }, (_, i) => i);

describe('strided views and scijs ndarray (@kenobi/core/node)', () => {
  it('a transposed view reads in C order as the transpose', () => {
    const t = ndarray(base(), [3, 4]).transpose(1, 0);
    expect(isCContiguous(t)).to.equal(false);
    expect(Array.from(cOrderValues(t))).to.deep.equal([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(fromNdarray(t).shape).to.deep.equal([4, 3]);
  });
  it('stepped, reversed and offset views (lo/hi/step) read as their elements', () => {
    const a = ndarray(base(), [3, 4]);
    expect(Array.from(cOrderValues(a.step(-1, 2)))).to.deep.equal([8, 10, 4, 6, 0, 2]);
    expect(Array.from(cOrderValues(a.lo(1, 1).hi(2, 2)))).to.deep.equal([5, 6, 9, 10]);
    expect(Array.from(cOrderValues(a.pick(null, 3)))).to.deep.equal([3, 7, 11]);
    // a 3-D view with a non-zero offset and mixed strides
    const c = ndarray(Float64Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]).transpose(2, 0, 1).lo(1, 0, 1);
    const manual: number[] = [];
    for (let i = 0; i < c.shape[0]!; i += 1) for (let j = 0; j < c.shape[1]!; j += 1) for (let k = 0; k < c.shape[2]!; k += 1) manual.push(c.get(i, j, k));
    expect(Array.from(cOrderValues(c))).to.deep.equal(manual);
  });
  it('a C-contiguous view is returned without a copy (a subarray of the same memory)', () => {
    const data = base();
    const v = cOrderValues(ndarray(data, [2, 4], [4, 1], 4));
    expect(v.buffer).to.equal(data.buffer);
    expect(Array.from(v)).to.deep.equal([4, 5, 6, 7, 8, 9, 10, 11]);
  });
  it('asNdarray is a view: ndarray-ops writes through it into Kenobi arrays', () => {
    const X = base();
    const nd = asNdarray({ X, rows: 3, dim: 4 });
    expect(nd.shape).to.deep.equal([3, 4]);
    ops.mulseq(nd, 2);
    expect(Array.from(X)).to.deep.equal(Array.from(base(), (v) => 2 * v));
    const m = asNdarray({ data: new Float64Array(6), rows: 2, cols: 3 });
    ops.assign(m, ndarray(Float64Array.of(1, 2, 3, 4, 5, 6), [3, 2]).transpose(1, 0));
    expect(Array.from(m.data as Float64Array)).to.deep.equal([1, 3, 5, 2, 4, 6]);
    expect(asNdarray({ data: new Uint8Array(24), width: 4, height: 2, channels: 3 }).shape).to.deep.equal([2, 4, 3]);
  });
  it('round trips with ndarray-ops: the sum, max and a column sum equal the values by hand', () => {
    const nd = asNdarray({ data: base(), shape: [3, 4] });
    expect(ops.sum(nd)).to.equal(66);
    expect(ops.sup(nd)).to.equal(11);
    expect(ops.sum(nd.pick(null, 1))).to.equal(1 + 5 + 9);
    const back = fromNdarray(nd.transpose(1, 0));
    expect(Array.from(asNdarray(back).data as Float32Array)).to.deep.equal([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  });
  it('a tensor { data, dims } (a session output, an int64 initializer) is an ndarray over its data', () => {
    const t = { data: BigInt64Array.of(1n, 2n, 3n, 4n, 5n, 6n), dims: [2, 3] };
    const nd = asNdarray(t);
    expect(nd.shape).to.deep.equal([2, 3]);
    expect(nd.data).to.equal(t.data);
    expect(nd.get(1, 0)).to.equal(4n);
    expect(() => asNdarray({ data: new Float32Array(4), dims: [2, -2] } as never)).to.throw().with.property('code', 'core/invalid-view');
  });
  it('refuses what is not a view, and views that reach outside their data (core/invalid-view)', () => {
    expect(isStridedView(new Float32Array(3))).to.equal(false);
    expect(() => asNdarray({ foo: 1 } as never)).to.throw(/asNdarray takes a strided view/).with.property('code', 'core/invalid-view');
    expect(() => cOrderValues({ data: new Float32Array(4), shape: [2, 3] })).to.throw(/reaches elements 0\.\.5 of an array of 4/).with.property('code', 'core/invalid-view');
  });
});
