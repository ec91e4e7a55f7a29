/**
 * Softmax, LogSoftmax and Hardmax below opset 13 (2-D coercion at `axis`) against ONNX Runtime running the
 * original opset (it keeps those kernels): every axis of a 4-D input, the default axis, negative axes, and a
 * symbolic batch (the Reshape back takes Shape(x), so one upgraded graph serves every batch size).
 * Tolerance 1e-5 relative: the upgraded graph runs the same kernel on the same 2-D view.
 */
import { expect } from 'chai';
import { seeded } from '../test-support/check-gradients.js';
import { expectUpgradeMatches, node, opTypes, tinyModel } from '../test-support/opset/opset-cases.js';

describe('@kenobi/autodiff upgradeOpset: Softmax-family 2-D coercion', () => {
  for (const op of ['Softmax', 'LogSoftmax', 'Hardmax'] as const) {
    it(`${op}-1 and -11 on [2, 3, 4, 5], every axis: Flatten → ${op}(axis 1) → Reshape(Shape(x)) unless the axis is the last`, async () => {
      for (const opset of [1, 11]) {
        for (const axis of [undefined, 0, 1, 2, 3, ...(opset >= 11 ? [-1, -3] : [])]) {
          const m = tinyModel({ opset, nodes: [node(op, ['x'], ['y'], axis === undefined ? {} : { axis })], inputs: { x: [2, 3, 4, 5] } });
          const { upgraded } = await expectUpgradeMatches(m, { seed: 3 + (axis ?? 9) });
          const last = axis === 3 || axis === -1;
          expect(opTypes(upgraded), `opset ${opset} axis ${axis}`).to.deep.equal(last ? [op] : ['Flatten', op, 'Shape', 'Reshape']);
        }
      }
    });
  }

  it('a 2-D input with axis 1 (the classifier head) keeps one node', async () => {
    const m = tinyModel({ opset: 9, nodes: [node('LogSoftmax', ['x'], ['y'], { axis: 1 })], inputs: { x: [4, 10] } });
    const { upgraded } = await expectUpgradeMatches(m);
    expect(opTypes(upgraded)).to.deep.equal(['LogSoftmax']);
    expect(upgraded.graph!.node![0]!.attribute!.find((a) => a.name === 'axis')!.i).to.equal(1);
  });

  it('a symbolic batch: the upgraded graph gives the original outputs for batch 1, 2 and 5', async () => {
    const m = tinyModel({ opset: 8, nodes: [node('Softmax', ['x'], ['y'], { axis: 1 })], inputs: { x: ['N', 3, 2, 2] } });
    for (const batch of [1, 2, 5]) await expectUpgradeMatches(m, { batch });
  });

  it('an unknown input rank still converts exactly (the rewrite does not need it)', async () => {
    const m = tinyModel({ opset: 10, nodes: [node('Softmax', ['x'], ['y'], { axis: 2 })], inputs: { x: [2, 3, 4] } });
    m.graph!.input![0]!.type!.tensor_type!.shape = null;
    const { upgraded } = await expectUpgradeMatches(m, { feeds: { x: { data: seeded(24, 5), dims: [2, 3, 4] } } });
    expect(opTypes(upgraded)).to.deep.equal(['Flatten', 'Softmax', 'Shape', 'Reshape']);
  });
});
