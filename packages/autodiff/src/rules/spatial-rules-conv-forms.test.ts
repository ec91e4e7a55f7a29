import { expect } from 'chai';
import type { NodeProto } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { withProbeLoss } from '../test-support/check-gradients.js';
import { BACKENDS, expectGradientsMatch, spatialModel, type SpatialCase } from '../test-support/spatial-case.js';
import { dataGradientForm } from './conv-data-gradient.js';
import { windowGeometry } from './conv-geometry.js';
import { prefersGemmWeightGradient } from './conv-weight-gradient-gemm.js';
import { IM2COL_MAX_ROW, prefersIm2colWeightGradient } from './conv-weight-gradient-im2col.js';

const conv = (name: string, x: number[], weight: number[], attrs: SpatialCase['attrs'] = {}, more: Partial<SpatialCase> = {}): SpatialCase => ({ name, op: 'Conv', x, weight, attrs, ...more });
const p = (n: number): number[] => [n, n, n, n];

/**
 * Geometries that take the faster forms: the weight gradient by a one-hot depthwise Conv and one Gemm
 * (ungrouped, C ≥ Πk, strided or output rows ≤ 8), by one Gemm per tap (the same with wider rows), and the
 * flipped-kernel Conv data gradient (stride 1, ungrouped, C ≥ 64, pads ≤ (k−1)·d). spatial-rules-conv.test.ts
 * covers the ConvTranspose / grouped-Conv forms (and its 1×1/2 downsample takes the one-hot form).
 */
const FORM_CASES: readonly SpatialCase[] = [
  conv('3×3/1 pad 1, C 64 (ResNet 3×3; Gemm dW, flipped dX)', [2, 64, 3, 3], [3, 64, 3, 3], { pads: p(1) }),
  conv('3×3/1 pad 1, C 9 (Gemm dW, dX by ConvTranspose: C < 64)', [2, 9, 5, 5], [4, 9, 3, 3], { pads: p(1) }),
  conv('3×3/2 pad 1, C 9 (ResNet stride-2 3×3; Gemm dW with strided slices)', [2, 9, 7, 7], [3, 9, 3, 3], { strides: [2, 2], pads: p(1) }, { bias: false }),
  conv('2×2 SAME_UPPER, C 64 (seeds\' CNN; pads 0/1)', [1, 64, 3, 3], [2, 64, 2, 2], { auto_pad: 'SAME_UPPER' }),
  conv('5×5 pads 2, C 64 (seeds\' CNN 5×5)', [1, 64, 3, 3], [2, 64, 5, 5], { pads: p(2) }),
  conv('1×1/1, no pads (no Slice at all; dX by ConvTranspose: 3 channels, below the threshold)', [2, 3, 4, 4], [5, 3, 1, 1]),
  conv('1×1/1 pad 1 (the pad ring gets gradient 0; dX by ConvTranspose: pad > (k−1)·d)', [1, 3, 4, 4], [2, 3, 1, 1], { pads: p(1) }),
  conv('3×3/1 dilation 2 pad 2, C 64', [1, 64, 5, 5], [2, 64, 3, 3], { dilations: [2, 2], pads: p(2) }),
  conv('3×3/1 pads [0, 2, 1, 0] (asymmetric), C 64', [1, 64, 4, 4], [2, 64, 3, 3], { pads: [0, 2, 1, 0] }),
  conv('3×3/1 pad 3 > k−1 (dX by ConvTranspose, dW by Gemm)', [1, 9, 4, 4], [2, 9, 3, 3], { pads: p(3) }),
  conv('2×2/3 (rows never read), C 4', [2, 4, 10, 10], [3, 4, 2, 2], { strides: [3, 3] }),
  conv('symbolic batch N (fed 3), 3×3/1 pad 1, C 64', [3, 64, 3, 3], [2, 64, 3, 3], { pads: p(1) }, { symbolicBatch: true }),
  conv('1-D: k 3 pad 1, C 64', [2, 64, 5], [3, 64, 3], { pads: [1, 1] }),
  conv('3-D: 2×2×2/1 pads 0/1, C 64', [1, 64, 2, 2, 2], [2, 64, 2, 2, 2], { pads: [0, 0, 0, 1, 1, 1] }),
  conv('3-D: 3×3×3/2 pads 1, C 27 (one-hot dW over 27 taps)', [2, 27, 3, 4, 5], [2, 27, 3, 3, 3], { strides: [2, 2, 2], pads: p(1).concat([1, 1]) }, { bias: false }),
  conv('3×3/1 pad 1, C 9 at 10×10 (per-tap Gemm dW: rows of 10)', [2, 9, 10, 10], [3, 9, 3, 3], { pads: p(1) }),
  conv('3×3/1 pads [0, 2, 1, 0], C 9 at 4×12 (per-tap Gemm dW, asymmetric)', [1, 9, 4, 12], [2, 9, 3, 3], { pads: [0, 2, 1, 0] }),
  conv('3×3/1 dilation 2 pad 2, C 9 at 11×11 (per-tap Gemm dW, dilated)', [1, 9, 11, 11], [2, 9, 3, 3], { dilations: [2, 2], pads: p(2) }),
  conv('3×3/2 dilation 2 pads [1, 0, 2, 1], C 9 (one-hot dW, dilated, asymmetric)', [2, 9, 11, 11], [3, 9, 3, 3], { strides: [2, 2], dilations: [2, 2], pads: [1, 0, 2, 1] }),
  conv('1-D: k 3 pad 1, C 9 at 12 (per-tap Gemm dW)', [2, 9, 12], [3, 9, 3], { pads: [1, 1] }),
];

describe('@kenobi/autodiff Conv gradient forms (Gemm per tap dW, flipped-kernel dX) against float64 finite differences', () => {
  for (const c of FORM_CASES) {
    for (const backend of BACKENDS) it(`${c.name} [${backend}]`, async () => { await expectGradientsMatch(c, backend); });
  }

  it('picks each form from the geometry alone', () => {
    const node = (attrs: Record<string, number[]>): Parameters<typeof windowGeometry>[0] => ({ op_type: 'Conv', attribute: Object.entries(attrs).map(([name, ints]) => ({ name, ints, type: 7 })) });
    const same3x3 = windowGeometry(node({ pads: p(1) }), [7, 7], [3, 3], false);
    expect(dataGradientForm(same3x3, 1, 64)).to.equal('flipped-conv');
    expect(dataGradientForm(same3x3, 1, 63)).to.equal('conv-transpose');
    expect(dataGradientForm(same3x3, 1, 32, 16)).to.equal('flipped-conv'); // GradientForms for NCHWc kernels
    expect(dataGradientForm(same3x3, 1, 15, 16)).to.equal('conv-transpose');
    expect(dataGradientForm(same3x3, 2, 64)).to.equal('conv-transpose');
    expect(dataGradientForm(windowGeometry(node({ pads: p(1), strides: [2, 2] }), [14, 14], [3, 3], false), 1, 256)).to.equal('conv-transpose');
    expect(dataGradientForm(windowGeometry(node({ pads: p(1) }), [7, 7], [1, 1], false), 1, 256)).to.equal('conv-transpose');
    expect(prefersIm2colWeightGradient(same3x3, 1, 512)).to.equal(true); // ResNet layer4: rows of 7
    expect(prefersIm2colWeightGradient(same3x3, 1, 8)).to.equal(false); // C < Πk: the grouped-Conv form
    expect(prefersIm2colWeightGradient(same3x3, 2, 512)).to.equal(false);
    const wide = (w: number, strides = [1, 1]): ReturnType<typeof windowGeometry> => windowGeometry(node({ pads: p(1), strides }), [w, w], [3, 3], false);
    expect(prefersIm2colWeightGradient(wide(IM2COL_MAX_ROW), 1, 64)).to.equal(true);
    expect(prefersIm2colWeightGradient(wide(IM2COL_MAX_ROW + 1), 1, 64)).to.equal(false);
    expect(prefersIm2colWeightGradient(wide(56, [2, 2]), 1, 64)).to.equal(true); // strided: at any size
    expect(prefersIm2colWeightGradient(wide(56, [1, 2]), 1, 64)).to.equal(true);
    const pointwise = (strides: number[]): ReturnType<typeof windowGeometry> => windowGeometry(node({ strides }), [7, 7], [1, 1], false);
    expect(prefersIm2colWeightGradient(pointwise([1, 1]), 1, 128), '1×1/1: the Gemm reads X itself').to.equal(false);
    expect(prefersIm2colWeightGradient(pointwise([2, 2]), 1, 128), '1×1/2 downsample').to.equal(true);
    expect(prefersGemmWeightGradient([3, 3], 1, 9)).to.equal(true);
    expect(prefersGemmWeightGradient([3, 3], 1, 8)).to.equal(false);
    expect(prefersGemmWeightGradient([1, 1], 2, 8)).to.equal(false);
  });

  it('writes the forms it says: one-hot Conv + one Gemm, or a Gemm per tap, with a flipped Conv for a 3×3 pad-1 layer with C ≥ 64, ConvTranspose + grouped Conv for a strided one with C < 9', () => {
    const gradNodes = (c: SpatialCase, out: number[]): NodeProto[] => {
      const g = buildGradientGraph(withProbeLoss(spatialModel(c), out, 1), { loss: 'loss', wrt: ['x', 'w'] });
      return (g.model.graph!.node ?? []).filter((n) => (n.name ?? '').startsWith('grad/'));
    };
    const opsOf = (c: SpatialCase, out: number[]): string[] => gradNodes(c, out).map((n) => n.op_type ?? '');
    const groupsOf = (nodes: NodeProto[]): number[] => nodes.filter((n) => n.op_type === 'Conv').map((n) => Number(n.attribute?.find((a) => a.name === 'group')?.i ?? 1));
    const short = gradNodes(conv('3×3', [1, 64, 5, 5], [2, 64, 3, 3], { pads: p(1) }), [1, 2, 5, 5]);
    expect(short.filter((n) => n.op_type === 'Gemm')).to.have.length(1);
    expect(groupsOf(short).sort((a, b) => a - b), 'the flipped dX Conv and the one-hot Conv').to.deep.equal([1, 64]);
    expect(short.map((n) => n.op_type)).to.not.include.members(['ConvTranspose', 'Slice']);
    const fast = opsOf(conv('3×3', [1, 64, 9, 9], [2, 64, 3, 3], { pads: p(1) }), [1, 2, 9, 9]);
    expect(fast.filter((o) => o === 'Gemm')).to.have.length(9);
    expect(fast).to.include('Conv').and.not.include('ConvTranspose');
    const classic = opsOf(conv('3×3/2', [1, 4, 5, 5], [2, 4, 3, 3], { strides: [2, 2], pads: p(1) }), [1, 2, 3, 3]);
    expect(classic).to.include.members(['ConvTranspose', 'Conv']).and.not.include('Gemm');
  });

  it('takes the flipped-kernel dX from fewer channels when told (GradientForms, for NCHWc kernels)', () => {
    const c = conv('3×3, C 32', [1, 32, 5, 5], [2, 32, 3, 3], { pads: p(1) });
    const opsWith = (forms: { flippedConvMinChannels: number } | undefined): string[] => {
      const g = buildGradientGraph(withProbeLoss(spatialModel(c), [1, 2, 5, 5], 1), { loss: 'loss', wrt: ['x', 'w'], ...(forms ? { forms } : {}) });
      return (g.model.graph!.node ?? []).filter((n) => (n.name ?? '').startsWith('grad/')).map((n) => n.op_type ?? '');
    };
    expect(opsWith(undefined)).to.include('ConvTranspose');
    expect(opsWith({ flippedConvMinChannels: 16 })).to.include('Conv').and.not.include('ConvTranspose');
  });
});
