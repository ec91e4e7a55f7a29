/**
 * BatchNormalization (consumed_inputs, is_test, spatial, training outputs) and Dropout (is_test, mask type,
 * ratio) across their versions. ONNX Runtime has no kernel for either below opset 7: there the reference is
 * the same node at opset 7 as the old text defines it (is_test=1: inference), and the refusals are checked.
 */
import { expect } from 'chai';
import { floatAttr, type ModelProto } from '@kenobi/onnx';
import { attrNames, expectRefusal, expectUpgradeMatches, node, tinyModel, weight } from '../test-support/opset/opset-cases.js';

const U = 'autodiff/unsupported-attribute';
const bnWeights = (c: number): ReturnType<typeof weight>[] => [weight('s', [c], 1, 0.5, 1.5), weight('b', [c], 2), weight('m', [c], 3), weight('v', [c], 4, 0.5, 2)];

function bn(opset: number, attrs: Record<string, unknown>, dims: number[] = [2, 3, 4, 4], outputs = ['y'], name = 'bn'): ModelProto {
  return tinyModel({ opset, nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], outputs, attrs as never, name)], inputs: { x: dims }, initializers: bnWeights(dims[1]!) });
}

describe('@kenobi/autodiff upgradeOpset: BatchNormalization and Dropout', () => {
  it('BatchNormalization-7 and -9 (inference, spatial=1 given or default, epsilon) against ONNX Runtime', async () => {
    for (const [opset, attrs] of [[7, { spatial: 1, epsilon: floatAttr(1e-3) }], [7, {}], [9, { momentum: floatAttr(0.8) }]] as const) {
      const { upgraded } = await expectUpgradeMatches(bn(opset, attrs));
      expect(attrNames(upgraded, 'BatchNormalization')).to.not.include('spatial');
    }
  });

  it('BatchNormalization-7 spatial=0 on a 2-D input (per activation = per channel there)', async () => {
    await expectUpgradeMatches(bn(7, { spatial: 0 }, [4, 3]));
  });

  it('BatchNormalization-1 and -6 with is_test=1 (and consumed_inputs) mean BatchNormalization-7 inference', async () => {
    const reference = bn(7, { epsilon: floatAttr(1e-3) });
    for (const old of [bn(1, { is_test: 1, consumed_inputs: [0, 0, 0, 1, 1], epsilon: floatAttr(1e-3), spatial: 1 }), bn(6, { is_test: 1, epsilon: floatAttr(1e-3) })]) {
      const { upgraded } = await expectUpgradeMatches(old, { reference });
      expect(attrNames(upgraded, 'BatchNormalization')).to.deep.equal(['epsilon']);
    }
  });

  it('refuses BatchNormalization in training mode: is_test=0, spatial=0 on 4-D, training outputs below 14', () => {
    expectRefusal(bn(6, { is_test: 0 }), U, /is_test=0 asks for training mode/, { op: 'BatchNormalization', node: 'bn' });
    expectRefusal(bn(8, { spatial: 0 }), U, /spatial=0 .* for a 4-D input/, { op: 'BatchNormalization', node: 'bn' });
    expectRefusal(bn(9, {}, [2, 3, 4, 4], ['y', 'rm', 'rv', 'sm', 'sv']), U, /training outputs 'rm', 'rv', 'sm', 'sv'/, { op: 'BatchNormalization', node: 'bn' });
    expectRefusal(bn(13, {}, [2, 3, 4, 4], ['y', 'rm', 'rv']), U, /batch statistics/, { op: 'BatchNormalization', node: 'bn' });
  });

  it('BatchNormalization-15 (training_mode 0) is kept as it is', async () => {
    const m = tinyModel({ opset: 15, nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], { training_mode: 0 })], inputs: { x: [2, 3, 4] }, initializers: bnWeights(3) });
    await expectUpgradeMatches(m);
  });

  it('Dropout-1/6 is_test=1 and Dropout-7 are the identity at inference; is_test=0 is refused', async () => {
    const reference = tinyModel({ opset: 7, nodes: [node('Dropout', ['x'], ['y'], { ratio: floatAttr(0.4) })], inputs: { x: [2, 5] } });
    await expectUpgradeMatches(tinyModel({ opset: 1, nodes: [node('Dropout', ['x'], ['y'], { is_test: 1, ratio: floatAttr(0.4), consumed_inputs: [0] })], inputs: { x: [2, 5] } }), { reference });
    await expectUpgradeMatches(tinyModel({ opset: 6, nodes: [node('Dropout', ['x'], ['y'], { is_test: 1 })], inputs: { x: [2, 5] } }), { reference });
    await expectUpgradeMatches(reference);
    expectRefusal(tinyModel({ opset: 6, nodes: [node('Dropout', ['x'], ['y'], { is_test: 0 }, 'drop')], inputs: { x: [2, 5] } }), U, /is_test=0/, { op: 'Dropout', node: 'drop' });
  });

  it('Dropout-7 mask output: dropped when unread (float below 10, bool from 10), refused when read', async () => {
    const unread = tinyModel({ opset: 7, nodes: [node('Dropout', ['x'], ['y', 'mask'], {}, 'drop')], inputs: { x: [2, 5] } });
    unread.graph!.value_info = [{ name: 'mask', type: { tensor_type: { elem_type: 1 } } }];
    const { upgraded } = await expectUpgradeMatches(unread);
    expect(upgraded.graph!.node![0]!.output).to.deep.equal(['y']);
    expect(upgraded.graph!.value_info).to.deep.equal([]);
    const read = tinyModel({ opset: 9, nodes: [node('Dropout', ['x'], ['y', 'mask'], {}, 'drop')], inputs: { x: [2, 5] }, outputs: ['y', 'mask'] });
    expectRefusal(read, U, /mask output 'mask' is read/, { op: 'Dropout', node: 'drop' });
  });
});
