/**
 * Old-style broadcasting below opset 7 (Add, Sub, Mul, Div with `broadcast`/`axis`, Pow, Gemm's `broadcast`).
 * ONNX Runtime has no kernel for these ops below opset 7, so the reference is what the old text defines,
 * written at opset 7 with B's dims placed by hand ([C] at axis 1 of a 4-D A is [C, 1, 1]). The onnx fixture
 * test (version-converter-parity.test.ts) checks the same conversions against onnx's own converter.
 */
import { expect } from 'chai';
import { floatAttr, type ModelProto } from '@kenobi/onnx';
import { attrNames, expectRefusal, expectUpgradeMatches, node, opTypes, tinyModel, weight } from '../test-support/opset/opset-cases.js';

function binary(opset: number, op: string, xDims: number[], bDims: number[], attrs: Record<string, number> = {}, name = 'bin'): ModelProto {
  return tinyModel({ opset, nodes: [node(op, ['x', 'b'], ['y'], attrs, name)], inputs: { x: xDims }, initializers: [weight('b', bDims, 5, 0.5, 1.5)] });
}

/** The same B with its data at explicit numpy-broadcastable dims. */
function placed(op: string, xDims: number[], bDims: number[], numpyDims: number[]): ModelProto {
  const b = weight('b', bDims, 5, 0.5, 1.5);
  b.dims = numpyDims;
  return tinyModel({ opset: 7, nodes: [node(op, ['x', 'b'], ['y'])], inputs: { x: xDims }, initializers: [b] });
}

describe('@kenobi/autodiff upgradeOpset: old-style broadcasting', () => {
  for (const op of ['Add', 'Sub', 'Mul', 'Div']) {
    it(`${op}-1/6 broadcast=1 with axis (B placed by an Unsqueeze), without axis (suffix), and without broadcast`, async () => {
      for (const opset of [1, 6]) {
        const { upgraded } = await expectUpgradeMatches(binary(opset, op, [2, 3, 4, 5], [3], { broadcast: 1, axis: 1 }), { reference: placed(op, [2, 3, 4, 5], [3], [3, 1, 1]) });
        expect(opTypes(upgraded)).to.deep.equal(['Unsqueeze', op]);
        expect(attrNames(upgraded, op)).to.deep.equal([]);
        await expectUpgradeMatches(binary(opset, op, [2, 3, 4, 5], [3, 4], { broadcast: 1, axis: -3 }), { reference: placed(op, [2, 3, 4, 5], [3, 4], [3, 4, 1]) });
        await expectUpgradeMatches(binary(opset, op, [2, 3, 4, 5], [4, 5], { broadcast: 1, axis: 2 }), { reference: placed(op, [2, 3, 4, 5], [4, 5], [4, 5]) });
        await expectUpgradeMatches(binary(opset, op, [2, 3, 4, 5], [4, 5], { broadcast: 1 }), { reference: placed(op, [2, 3, 4, 5], [4, 5], [4, 5]) });
        await expectUpgradeMatches(binary(opset, op, [2, 3], [2, 3]), { reference: placed(op, [2, 3], [2, 3], [2, 3]) });
      }
    });
  }

  it('Pow-1 broadcast at an axis', async () => {
    const m = tinyModel({ opset: 1, nodes: [node('Pow', ['x', 'b'], ['y'], { broadcast: 1, axis: 0 })], inputs: { x: [3, 4] }, initializers: [weight('b', [3], 5, 0.5, 1.5)] });
    const b = weight('b', [3], 5, 0.5, 1.5);
    b.dims = [3, 1];
    await expectUpgradeMatches(m, { reference: tinyModel({ opset: 7, nodes: [node('Pow', ['x', 'b'], ['y'])], inputs: { x: [3, 4] }, initializers: [b] }), feeds: { x: { data: Float32Array.from({ length: 12 }, (_, i) => 0.5 + i / 7), dims: [3, 4] } } });
  });

  it('refuses broadcasting at an axis when a rank is unknown, or at an axis B does not fit', () => {
    const unknown = binary(6, 'Mul', [2, 3, 4], [3], { broadcast: 1, axis: 1 }, 'scale');
    unknown.graph!.input![0]!.type!.tensor_type!.shape = null;
    expectRefusal(unknown, 'autodiff/unknown-shape', /needs the ranks of both inputs \('x': unknown, 'b': 1\)/, { op: 'Mul', node: 'scale' });
    expectRefusal(binary(6, 'Add', [2, 3], [3, 4], { broadcast: 1, axis: 1 }, 'add'), 'autodiff/unsupported-attribute', /does not fit a 2-D B into a 2-D A/, { op: 'Add', node: 'add' });
  });

  it('Gemm-1/6 broadcast (C [N] or (M, N)) → Gemm-7 numpy broadcasting; a C that does not fit is refused', async () => {
    const gemm = (opset: number, cDims: number[], attrs: Record<string, unknown>, name = 'fc'): ModelProto => tinyModel({
      opset,
      nodes: [node('Gemm', ['x', 'w', 'c'], ['y'], attrs as never, name)],
      inputs: { x: [2, 6] },
      initializers: [weight('w', [4, 6], 1), weight('c', cDims, 2)],
    });
    for (const opset of [1, 6]) {
      await expectUpgradeMatches(gemm(opset, [4], { broadcast: 1, transB: 1, alpha: floatAttr(0.5) }), { reference: gemm(7, [4], { transB: 1, alpha: floatAttr(0.5) }) });
      await expectUpgradeMatches(gemm(opset, [2, 4], { transB: 1, beta: floatAttr(2) }), { reference: gemm(7, [2, 4], { transB: 1, beta: floatAttr(2) }) });
    }
    expectRefusal(gemm(6, [3], { broadcast: 1, transB: 1 }), 'autodiff/unsupported-attribute', /C \[3\] does not broadcast to \(M, N\) = \(2, 4\)/, { op: 'Gemm', node: 'fc' });
  });
});
