import { expect } from 'chai';
import Long from 'long';
import { isKenobiError } from '@kenobi/core';
import { lenet5 } from './architectures/lenet5.js';
import { decodeModel, encodeModel } from './model-codec.js';
import { summary } from './model-summary.js';
import { tensorToTypedArray } from './tensor-data.js';
import { claimedElements, tensorDataProblem } from './tensor-size.js';
import { onnx } from '../generated/onnx-proto.js';

function expectCode(fn: () => unknown, code: string, ...mentions: string[]): void {
  expect(fn).to.throw().that.satisfies((e: unknown) => {
    expect(isKenobiError(e, code), `expected ${code}, got ${(e as Error).message}`).to.equal(true);
    for (const m of mentions) expect((e as Error).message).to.contain(m);
    return true;
  });
}

describe('@kenobi/onnx tensor data against dims', () => {
  it('counts the elements dims claim and says why some dims are no count', () => {
    expect(claimedElements({ name: 'w', dims: [64, 3, 7, 7] })).to.equal(9408);
    expect(claimedElements({ name: 's', dims: [] })).to.equal(1);
    expect(claimedElements({ name: 'w', dims: [3, -1] })).to.equal('dim -1 is negative');
    expect(claimedElements({ name: 'w', dims: [2 ** 30, 2 ** 30] })).to.match(/more than 2\^53/);
    expectCode(() => claimedElements({ name: 'w', dims: [Long.MAX_VALUE] }), 'onnx/unsafe-integer');
  });

  it('finds raw_data or typed values shorter than the dims (10 bytes claiming 10^12 elements), reading lengths only', () => {
    expect(tensorDataProblem({ name: 'w', data_type: 1, dims: [1e6, 1e6], raw_data: new Uint8Array(10) })).to.equal('10 bytes of raw_data, its dims [1000000, 1000000] need 4000000000000');
    expect(tensorDataProblem({ name: 'w', data_type: 1, dims: [2], float_data: [1] })).to.equal('1 values in float_data, its dims [2] need 2');
    expect(tensorDataProblem({ name: 'w', data_type: 1, dims: [2], float_data: [1, 2] })).to.equal(undefined);
    expect(tensorDataProblem({ name: 'u4', data_type: 21, dims: [3], raw_data: new Uint8Array(2) })).to.equal(undefined);
    expect(tensorDataProblem({ name: 's', data_type: 8, dims: [5], string_data: [] })).to.equal(undefined);
    expect(tensorDataProblem({ name: 'e', data_type: 1, dims: [9], data_location: onnx.TensorProto.DataLocation.EXTERNAL })).to.equal(undefined);
  });

  it('tensorToTypedArray refuses (before allocating) a tensor whose data do not fill its dims', () => {
    expectCode(() => tensorToTypedArray({ name: 'big', data_type: 1, dims: [1e6, 1e6], raw_data: new Uint8Array(10) }), 'onnx/invalid', "'big'", '4000000000000');
    // Regression: typed fields were read whatever the dims said ([2] with 1 value gave a Float32Array(1)).
    expectCode(() => tensorToTypedArray({ name: 'short', data_type: 1, dims: [2], float_data: [1] }), 'onnx/invalid', "'short'");
  });

  it('decodeModel refuses an initializer whose raw_data is shorter than its dims, naming it and the file', () => {
    // Regression: such a model decoded and summary counted the dims' claim as params (10^12 from a few bytes).
    const m = lenet5({ width: 0.25 });
    const w = m.graph!.initializer!.find((t) => t.name === 'conv1.weight')!;
    w.dims = [Long.fromNumber(1e6), Long.fromNumber(1e6)];
    const bytes = encodeModel(m);
    expectCode(() => decodeModel(bytes, { source: 'big-claim.onnx' }), 'onnx/invalid', 'big-claim.onnx', "initializer 'conv1.weight'", 'need 4000000000000');
    expect(summary(decodeModel(encodeModel(lenet5({ width: 0.25 })))).totalParams).to.be.lessThan(1e6);
  });
});
