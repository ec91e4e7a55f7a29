/**
 * Attributes that became inputs (Reshape-1 shape, Pad pads/value, Clip min/max, Squeeze/Unsqueeze/ReduceSum
 * axes, Split split, Slice starts/ends/axes, Dropout ratio) and Concat's old default axis: each tiny graph at
 * its old opset runs on ONNX Runtime as the reference, and the upgraded one (opset 17) must give the same
 * outputs within 1e-5 relative (float32 on both sides; the ops only move data, so they agree exactly).
 */
import { expect } from 'chai';
import { floatAttr } from '@kenobi/onnx';
import { attrNames, expectRefusal, expectUpgradeMatches, ints, node, opTypes, tinyModel } from '../test-support/opset/opset-cases.js';

describe('@kenobi/autodiff upgradeOpset: attributes that became inputs', () => {
  it('Reshape-1 shape attribute (0 copies a dim, −1 is inferred) → int64 input, consumed_inputs dropped', async () => {
    for (const shape of [[1, -1], [0, 0, 8], [-1, 4, 3]]) {
      const m = tinyModel({ opset: 1, nodes: [node('Reshape', ['x'], ['y'], { shape, consumed_inputs: [0] })], inputs: { x: [2, 3, 4, 2] } });
      const { upgraded } = await expectUpgradeMatches(m);
      expect(upgraded.graph!.node![0]!.input).to.have.length(2);
      expect(attrNames(upgraded, 'Reshape')).to.deep.equal([]);
    }
  });

  it('Pad-2 pads and value (constant, reflect, edge, negative pads) → inputs', async () => {
    const cases: [string, number[], number?][] = [['constant', [0, 1, 2, 0, 0, 2, 1, 1], 0.75], ['constant', [1, 0, 0, 0, 0, 0, 0, 2]], ['reflect', [0, 0, 1, 2, 0, 0, 2, 1]], ['edge', [0, 1, 1, 0, 0, 0, 2, 3]], ['constant', [0, 0, -1, 1, 0, 0, 1, -2], -2.5]];
    for (const [mode, pads, value] of cases) {
      const attrs = value === undefined ? { mode, pads } : { mode, pads, value: floatAttr(value) };
      const { upgraded } = await expectUpgradeMatches(tinyModel({ opset: 2, nodes: [node('Pad', ['x'], ['y'], attrs)], inputs: { x: [1, 2, 4, 5] } }));
      expect(attrNames(upgraded, 'Pad')).to.deep.equal(['mode']);
    }
  });

  it('Pad-1 paddings that read the same under both orders its text gives; others refused', async () => {
    const same = tinyModel({ opset: 1, nodes: [node('Pad', ['x'], ['y'], { paddings: [1, 1, 1, 1], value: floatAttr(0.5) })], inputs: { x: [3, 4] } });
    const reference = tinyModel({ opset: 2, nodes: [node('Pad', ['x'], ['y'], { pads: [1, 1, 1, 1], value: floatAttr(0.5) })], inputs: { x: [3, 4] } });
    await expectUpgradeMatches(same, { reference });
    const ambiguous = tinyModel({ opset: 1, nodes: [node('Pad', ['x'], ['y'], { paddings: [0, 0, 2, 0] }, 'pad1')], inputs: { x: [3, 2] } });
    expectRefusal(ambiguous, 'autodiff/unsupported-attribute', /paddings \[0, 0, 2, 0\] read differently/, { op: 'Pad', node: 'pad1' });
  });

  it('Clip-6 min and max (both, max only, min only, none) → inputs', async () => {
    for (const attrs of [{ min: floatAttr(-0.25), max: floatAttr(0.5) }, { max: floatAttr(0.3) }, { min: floatAttr(-0.1) }, {}]) {
      const { upgraded } = await expectUpgradeMatches(tinyModel({ opset: 6, nodes: [node('Clip', ['x'], ['y'], attrs)], inputs: { x: [2, 3, 4] } }));
      const clip = upgraded.graph!.node![0]!;
      expect(clip.attribute).to.have.length(0);
      expect(clip.input!.filter((i) => i).length).to.equal(1 + Object.keys(attrs).length);
    }
  });

  it('Squeeze, Unsqueeze (opset 1 and 11, negative axes) and ReduceSum (axes or none, keepdims) → axes inputs', async () => {
    const nodes = [
      node('Unsqueeze', ['x'], ['u'], { axes: [0, 4] }, 'u1'),
      node('Squeeze', ['u'], ['s'], { axes: [0] }, 's1'),
      node('ReduceSum', ['s'], ['r'], { axes: [1, 3], keepdims: 0 }, 'r1'),
      node('ReduceSum', ['r'], ['y'], { keepdims: 1 }, 'r2'),
    ];
    await expectUpgradeMatches(tinyModel({ opset: 1, nodes, inputs: { x: [2, 3, 4] }, outputs: ['y', 's'] }));
    const negative = [node('Unsqueeze', ['x'], ['u'], { axes: [-1] }), node('Squeeze', ['u'], ['y'], { axes: [-1] }, 'sq'), node('ReduceSum', ['x'], ['z'], { axes: [-2] }, 'rs')];
    const { upgraded } = await expectUpgradeMatches(tinyModel({ opset: 11, nodes: negative, inputs: { x: [2, 3, 4] }, outputs: ['y', 'z'] }));
    for (const n of upgraded.graph!.node!) expect(n.attribute!.map((a) => a.name), n.op_type!).to.not.include('axes');
  });

  it('Split-2/11 split attribute → input; Split-1 with a split input → the same', async () => {
    const m = tinyModel({ opset: 2, nodes: [node('Split', ['x'], ['a', 'b', 'c'], { axis: 1, split: [1, 3, 2] })], inputs: { x: [2, 6, 3] }, outputs: ['a', 'b', 'c'] });
    await expectUpgradeMatches(m);
    const equal = tinyModel({ opset: 11, nodes: [node('Split', ['x'], ['a', 'b'], { axis: -1 })], inputs: { x: [2, 6, 4] }, outputs: ['a', 'b'] });
    await expectUpgradeMatches(equal);
    const split1 = tinyModel({ opset: 1, nodes: [node('Split', ['x', 'lens'], ['a', 'b'], { axis: 1 })], inputs: { x: [2, 5] }, initializers: [ints('lens', [2, 3])], outputs: ['a', 'b'] });
    const reference = tinyModel({ opset: 2, nodes: [node('Split', ['x'], ['a', 'b'], { axis: 1, split: [2, 3] })], inputs: { x: [2, 5] }, outputs: ['a', 'b'] });
    await expectUpgradeMatches(split1, { reference });
  });

  it('Slice-1 starts/ends/axes (negative and out-of-range ends, axes absent) → inputs', async () => {
    for (const attrs of [{ starts: [1, 0], ends: [3, -1], axes: [2, 3] }, { starts: [0, 1], ends: [1, 1000] }, { starts: [-2], ends: [100], axes: [1] }]) {
      const { upgraded } = await expectUpgradeMatches(tinyModel({ opset: 1, nodes: [node('Slice', ['x'], ['y'], attrs)], inputs: { x: [2, 3, 4, 5] } }));
      expect(upgraded.graph!.node![0]!.input).to.have.length(attrs.axes ? 4 : 3);
    }
  });

  it('Dropout-10/11 ratio attribute → input (inference: the identity either way)', async () => {
    for (const opset of [10, 11]) {
      const { upgraded } = await expectUpgradeMatches(tinyModel({ opset, nodes: [node('Dropout', ['x'], ['y'], { ratio: floatAttr(0.3) })], inputs: { x: [2, 3] } }));
      expect(upgraded.graph!.node![0]!.input).to.have.length(2);
    }
  });

  it('Concat-1 without axis concatenates along 1 (opset 4 made axis required)', async () => {
    const m = tinyModel({ opset: 3, nodes: [node('Concat', ['x', 'x'], ['y'])], inputs: { x: [2, 3, 4] } });
    // NOTE: ONNX Runtime has no Concat kernel below opset 4: the reference is Concat-4 with axis 1 (Concat-1's text)
    const reference = tinyModel({ opset: 4, nodes: [node('Concat', ['x', 'x'], ['y'], { axis: 1 })], inputs: { x: [2, 3, 4] } });
    const { upgraded } = await expectUpgradeMatches(m, { reference });
    expect(opTypes(upgraded)).to.deep.equal(['Concat']);
  });
});
