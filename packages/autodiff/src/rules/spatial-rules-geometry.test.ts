import { expect } from 'chai';
import { onnx, toAttributeProto, type AttributeValue, type NodeProto } from '@kenobi/onnx';
import { transposeAttributes, windowGeometry } from './conv-geometry.js';
import { inverseWindowCounts } from './pool-window-counts.js';

const node = (attrs: Readonly<Record<string, AttributeValue>>): NodeProto => onnx.NodeProto.create({
  op_type: 'Conv',
  attribute: Object.entries(attrs).map(([k, v]) => toAttributeProto(k, v)),
});

describe('@kenobi/autodiff window geometry of the spatial rules', () => {
  it('resolves SAME_UPPER / SAME_LOWER to explicit pads (odd pixel at the end / at the begin)', () => {
    const upper = windowGeometry(node({ auto_pad: 'SAME_UPPER' }), [8, 8], [6, 6], false);
    expect([upper.padsBegin, upper.padsEnd, upper.outSize]).to.deep.equal([[2, 2], [3, 3], [8, 8]]);
    // 9 → ⌈9/2⌉ = 5; total (5−1)·2 + 4 − 9 = 3
    const lower = windowGeometry(node({ auto_pad: 'SAME_LOWER', strides: [2, 2] }), [9, 9], [4, 4], false);
    expect([lower.padsBegin, lower.padsEnd, lower.outSize]).to.deep.equal([[2, 2], [1, 1], [5, 5]]);
    // kernel 1 with stride 2 on an even size needs no pad at all (the formula would say −1)
    const none = windowGeometry(node({ auto_pad: 'SAME_UPPER', strides: [2] }), [8], [1], false);
    expect([none.padsBegin, none.padsEnd, none.outSize]).to.deep.equal([[0], [0], [4]]);
  });

  it('gives ConvTranspose the pads and output_padding r = (H + pb + pe − (k−1)·d − 1) mod s', () => {
    // AlexNet conv1 geometry on 16: (16 + 4 − 11) = 9, 9 mod 4 = 1, out 3
    const alex = windowGeometry(node({ strides: [4, 4], pads: [2, 2, 2, 2] }), [16, 16], [11, 11], false);
    expect(alex.outSize).to.deep.equal([3, 3]);
    expect(transposeAttributes(alex)).to.deep.include({ pads: [2, 2, 2, 2], output_padding: [1, 1], strides: [4, 4] });
    // dilation 2, stride 2 on 11 with pads 2: extent 5, (11 + 4 − 5) mod 2 = 0
    expect(transposeAttributes(windowGeometry(node({ strides: [2], dilations: [2], pads: [2, 2] }), [11], [3], false)).output_padding).to.deep.equal([0]);
  });

  it('ceil_mode: rounds up, drops a last window that would start in the end padding, widens pe for the transpose', () => {
    const dropped = windowGeometry(node({ strides: [2, 2], pads: [0, 0, 1, 1], ceil_mode: 1 }), [6, 6], [2, 2], true);
    expect(dropped.outSize).to.deep.equal([3, 3]);
    const past = windowGeometry(node({ strides: [2, 2] }), [8, 8], [3, 3], true);
    expect(past.outSize).to.deep.equal([4, 4]);
    // the last window covers rows 6..8 of an 8-row input: one virtual end pad, no output_padding
    expect(transposeAttributes(past)).to.deep.include({ pads: [0, 0, 1, 1], output_padding: [0, 0] });
  });

  it('counts AveragePool windows: in-bound taps, or taps inside the padded input clipped at its end', () => {
    const g = windowGeometry(node({ pads: [1, 1, 1, 1] }), [4, 4], [3, 3], false);
    const rows = [2, 3, 3, 2];
    expect(Array.from(inverseWindowCounts(g, false))).to.deep.equal(Array.from(Float32Array.from(rows.flatMap((a) => rows.map((b) => 1 / (a * b))))));
    expect(Array.from(inverseWindowCounts(g, true))).to.deep.equal(Array(16).fill(Math.fround(1 / 9)));
    // 6 wide, 3/2 pads 1 ceil: windows start −1, 1, 3, 5; the last one holds taps 5, 6 (pad), 7 (past the padded end)
    const clipped = windowGeometry(node({ strides: [2], pads: [1, 1], ceil_mode: 1 }), [6], [3], true);
    expect(Array.from(inverseWindowCounts(clipped, true))).to.deep.equal(Array.from(Float32Array.of(1 / 3, 1 / 3, 1 / 3, 1 / 2)));
    expect(Array.from(inverseWindowCounts(clipped, false))).to.deep.equal(Array.from(Float32Array.of(1 / 2, 1 / 3, 1 / 3, 1)));
  });
});
