import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { seeded, withProbeLoss } from '../test-support/check-gradients.js';
import { BACKENDS, expectGradientsMatch, spatialModel, type SpatialCase } from '../test-support/spatial-case.js';

const conv = (name: string, x: number[], weight: number[], attrs: SpatialCase['attrs'] = {}, more: Partial<SpatialCase> = {}): SpatialCase => ({ name, op: 'Conv', x, weight, attrs, ...more });
const p = (n: number): number[] => [n, n, n, n];

/** The geometries of CNNs in the zoo, each small enough for float64 finite differences. */
const CONV_CASES: readonly SpatialCase[] = [
  conv('3×3/1 pad 1 (same), batch 2', [2, 3, 8, 8], [4, 3, 3, 3], { pads: p(1) }),
  conv('7×7/2 pad 3 on an odd input (ResNet stem, r = 0)', [1, 3, 11, 11], [4, 3, 7, 7], { strides: [2, 2], pads: p(3) }),
  conv('7×7/2 pad 3 on an even input (r = 1)', [1, 2, 12, 12], [3, 2, 7, 7], { strides: [2, 2], pads: p(3) }, { bias: false }),
  conv('11×11/4 pad 2 (AlexNet, r = 1)', [1, 3, 16, 16], [4, 3, 11, 11], { strides: [4, 4], pads: p(2) }),
  conv('1×1/2 on an even input (ResNet downsample, pe′ < 0), no bias', [2, 4, 8, 8], [6, 4, 1, 1], { strides: [2, 2] }, { bias: false }),
  conv('depthwise 3×3/2 pad 1 (MobileNetV2)', [2, 4, 8, 8], [4, 1, 3, 3], { strides: [2, 2], pads: p(1), group: 4 }),
  conv('depthwise, channel multiplier 2', [1, 3, 7, 7], [6, 1, 3, 3], { pads: p(1), group: 3 }),
  conv('groups 2, 5×5 pad 2 (AlexNet-style)', [2, 4, 8, 8], [6, 2, 5, 5], { pads: p(2), group: 2 }),
  conv('dilation 2 with stride 2', [1, 2, 11, 11], [3, 2, 3, 3], { strides: [2, 2], dilations: [2, 2], pads: p(2) }),
  conv('asymmetric pads [0, 1, 1, 0], stride 2', [1, 2, 7, 7], [3, 2, 3, 3], { strides: [2, 2], pads: [0, 1, 1, 0] }),
  conv('1×7 pad [0, 3] (Inception)', [1, 3, 6, 9], [4, 3, 1, 7], { pads: [0, 3, 0, 3] }),
  conv('7×1 pad [3, 0] (Inception)', [1, 3, 9, 6], [4, 3, 7, 1], { pads: [3, 0, 3, 0] }),
  conv('5×5 SAME_UPPER (seed CNN)', [1, 2, 9, 9], [3, 2, 5, 5], { auto_pad: 'SAME_UPPER' }),
  conv('6×6 SAME_UPPER, even kernel (pads 2/3)', [1, 2, 8, 8], [3, 2, 6, 6], { auto_pad: 'SAME_UPPER' }),
  conv('6×6/2 SAME_UPPER on an odd input', [1, 2, 9, 9], [3, 2, 6, 6], { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
  conv('4×4/2 SAME_LOWER', [1, 2, 8, 8], [3, 2, 4, 4], { auto_pad: 'SAME_LOWER', strides: [2, 2] }),
  conv('3×3/2 VALID (r = 1)', [1, 2, 8, 8], [3, 2, 3, 3], { auto_pad: 'VALID', strides: [2, 2] }),
  conv('2×2/3 batch 3 (r = 2, rows never read)', [3, 2, 10, 10], [3, 2, 2, 2], { strides: [3, 3] }),
  conv('groups 2 + dilation 2 + stride 2 + asymmetric pads', [2, 4, 9, 9], [4, 2, 3, 3], { strides: [2, 2], dilations: [2, 2], pads: [1, 0, 2, 1], group: 2 }),
  conv('symbolic batch N (fed 2), 3×3/2 pad 1', [2, 3, 7, 7], [4, 3, 3, 3], { strides: [2, 2], pads: p(1) }, { symbolicBatch: true }),
  conv('symbolic batch N, groups 2 (Reshape with 0 and −1)', [3, 4, 6, 6], [4, 2, 3, 3], { group: 2, pads: p(1), strides: [2, 2] }, { symbolicBatch: true }),
  conv('1-D: k 5 / 2, pads [1, 2]', [2, 3, 13], [4, 3, 5], { strides: [2], pads: [1, 2] }),
  conv('1-D depthwise dilation 3', [1, 4, 12], [4, 1, 3], { dilations: [3], group: 4 }),
  conv('3-D: 3×3×3/2 pad 1', [1, 2, 5, 5, 5], [2, 2, 3, 3, 3], { strides: [2, 2, 2], pads: [1, 1, 1, 1, 1, 1] }),
];

describe('@kenobi/autodiff Conv gradient (dX, dW, dB against float64 finite differences)', () => {
  for (const c of CONV_CASES) {
    for (const backend of BACKENDS) it(`${c.name} [${backend}]`, async () => { await expectGradientsMatch(c, backend); });
  }

  it('emits ConvTranspose with explicit pads and output_padding, never auto_pad or output_shape', () => {
    const model = spatialModel(conv('6×6/2 SAME_UPPER', [1, 2, 9, 9], [3, 2, 6, 6], { auto_pad: 'SAME_UPPER', strides: [2, 2] }));
    const g = buildGradientGraph(withProbeLoss(model, [1, 3, 5, 5], 1), { loss: 'loss', wrt: ['x', 'w'] });
    const grad = (g.model.graph!.node ?? []).filter((n) => (n.name ?? '').startsWith('grad/'));
    const convT = grad.find((n) => n.op_type === 'ConvTranspose')!;
    const attr = (name: string): number[] => (convT.attribute ?? []).find((a) => a.name === name)?.ints?.map(Number) ?? [];
    // 9 → 5 with total pad (5−1)·2 + 6 − 9 = 5: pads 2/3, r = (9 + 5 − 6) mod 2 = 0
    expect(attr('pads')).to.deep.equal([2, 2, 3, 3]);
    expect(attr('output_padding')).to.deep.equal([0, 0]);
    for (const n of grad) expect((n.attribute ?? []).map((a) => a.name)).to.not.include.members(['auto_pad', 'output_shape']);
  });

  it('refuses a Conv whose spatial dims are symbolic, with autodiff/unknown-shape', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['N', 2, 'H', 'W']);
    const w = b.initializer('w', seeded(18, 1), [1, 2, 3, 3]);
    const [y] = b.node('Conv', [x, w]);
    const [l] = b.node('ReduceSum', [y!], { keepdims: 0 });
    b.output(l!, { dims: [] });
    expect(() => buildGradientGraph(b.build(), { loss: l!, wrt: ['w'] })).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'autodiff/unknown-shape') && /'x'/.test((e as Error).message));
  });

  it('refuses bad window attributes, SAME with dilation and 4-D convolutions, with autodiff/unsupported-attribute', () => {
    const refused = (dims: number[], wDims: number[], attrs: Record<string, string | number[]>): unknown => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', dims);
      const w = b.initializer('w', seeded(wDims.reduce((a, c) => a * c, 1), 1), wDims);
      const [y] = b.node('Conv', [x, w], attrs, { name: 'bad_conv' });
      const [l] = b.node('ReduceSum', [y!], { keepdims: 0 });
      b.output(l!, { dims: [] });
      try { buildGradientGraph(b.build(), { loss: l!, wrt: ['w'] }); } catch (e) { return e; }
      return expect.fail('buildGradientGraph did not throw');
    };
    for (const e of [
      refused([1, 1, 5, 5], [1, 1, 3, 3], { auto_pad: 'SAME' }),
      refused([1, 1, 5, 5], [1, 1, 3, 3], { strides: [1, 1, 1] }),
      refused([1, 1, 5, 5], [1, 1, 3, 3], { kernel_shape: [2, 2] }),
      refused([1, 1, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], {}),
      refused([1, 1, 8, 8], [1, 1, 3, 3], { auto_pad: 'SAME_UPPER', dilations: [2, 2] }),
    ]) expect(isKenobiError(e, 'autodiff/unsupported-attribute') && /bad_conv/.test((e as Error).message), String(e)).to.equal(true);
  });
});
