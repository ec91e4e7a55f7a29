import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { valueInfoDims, type ModelProto } from '@kenobi/onnx';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { relu } from '../layers/relu.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { imageModel } from './image-model.js';
import { lowerConvsToNchwc } from './nchwc-lowering.js';
import { nchwcSupport } from './nchwc-support.js';
import { openGraphSession } from './ort-graph-session.js';
import { needCapability } from '../../../../test/support/shared.js';
import { maxPooling2d } from './pooling2d.js';
import { compileTrainingGraph } from './training-graph.js';

/**
 * A small CNN whose convs take every path: 3→16 (kept: 3 channels), 16→16 3×3, 16→32 3×3 stride 2, 32→32 2×2
 * 'same', with BN and pooling. The conv before BN has no bias, as in Keras practice: its bias gradient would be
 * zero in exact arithmetic (BN removes the mean), float32 noise on both sides that no relative test can compare.
 */
function smallCnn(): ReturnType<typeof imageModel> {
  return imageModel([
    conv2d(16, 3, { padding: 'same' }), relu(),
    conv2d(16, 3, { padding: 'same', useBias: false }), batchNormalization(), relu(),
    conv2d(32, 3, { strides: 2, padding: 'same' }), relu(), maxPooling2d(2),
    conv2d(32, 2, { padding: 'same' }), relu(),
    flatten(), dense(1),
  ], { inputShape: [12, 12, 3], seed: 5 });
}

/** Deterministic feeds for every non-weight input of `model` (batch 4). */
function feedsFor(model: ModelProto, weights: ReadonlySet<string>): Record<string, { data: Float32Array; dims: number[] }> {
  const rng = new SeededRandom(9);
  const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const input of model.graph!.input ?? []) {
    if (weights.has(input.name!)) continue;
    const dims = (valueInfoDims(input) ?? []).map((d) => (typeof d === 'number' ? d : 4));
    feeds[input.name!] = { data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => (input.name!.includes('mask') ? 1 : rng.uniform())), dims };
  }
  return feeds;
}

describe('cnn/nchwc-lowering: Convs on onnxruntime-node CPU\'s NCHWc kernels', () => {
  it('lowers the ungrouped convs whose channels are multiples of the block, forward and gradient, and says why it keeps the others', () => {
    const plan = compileTrainingGraph(smallCnn(), 'binaryCrossEntropy');
    const convs = (plan.model.graph!.node ?? []).filter((n) => n.op_type === 'Conv');
    const l = lowerConvsToNchwc(plan.model, 16);
    expect(l.lowered.length + l.kept.length).to.equal(convs.length);
    // forward 16→16, 16→32/2, 32→32 and the flipped-kernel data gradients of the stride-1 ones with ≥ 64 channels: none here
    expect(l.lowered.filter((n) => !n.startsWith('grad/')).length).to.equal(3);
    expect(l.kept.map((k) => k.why)).to.include('channels 3→16 not multiples of 16');
    const remaining = (l.model.graph!.node ?? []).filter((n) => n.op_type === 'Conv' && (n.domain ?? '') === '');
    expect(remaining.length).to.equal(l.kept.length);
    expect((l.model.opset_import ?? []).map((o) => o.domain)).to.include('com.microsoft.nchwc');
    // the original model is untouched and every output name survives
    expect((plan.model.graph!.node ?? []).some((n) => n.domain === 'com.microsoft.nchwc')).to.equal(false);
    expect((l.model.graph!.output ?? []).map((o) => o.name)).to.deep.equal((plan.model.graph!.output ?? []).map((o) => o.name));
  });

  it('lowers the flipped-kernel data-gradient Conv (its weight is a step −1 Slice of a Transpose)', () => {
    // 12 wide: rows over IM2COL_MAX_ROW, so the weight gradients take autodiff's per-tap Gemm form (and its tail)
    const model = imageModel([conv2d(64, 3, { padding: 'same' }), relu(), conv2d(64, 3, { padding: 'same' }), flatten(), dense(1)], { inputShape: [12, 12, 64], seed: 1 });
    const plan = compileTrainingGraph(model, 'binaryCrossEntropy');
    const l = lowerConvsToNchwc(plan.model, 16);
    const gradients = l.lowered.filter((n) => n.startsWith('grad/'));
    expect(gradients.length).to.be.greaterThan(0);
    expect(l.kept).to.deep.equal([]);
    // W̃ is blocked straight from W by two ReorderInputs; the standard-op Transpose → Slice flip is gone
    const nodes = l.model.graph!.node ?? [];
    const flips = (plan.model.graph!.node ?? []).filter((n) => n.op_type === 'Slice' && nodes.every((m) => m !== n) && n.name?.startsWith('grad/'));
    expect(flips.length).to.be.greaterThan(0);
    // the per-tap weight gradients end in Concat + ReorderOutput, not the 2-D Transpose ORT makes element-wise
    expect(l.tails.length).to.equal(2);
    expect(nodes.filter((n) => n.op_type === 'ReorderOutput' && n.name?.endsWith('/nchwc_tail/reorder_out')).length).to.equal(2);
    expect(nodes.some((n) => n.op_type === 'Transpose' && n.name?.startsWith('grad/') && n.attribute?.some((a) => a.name === 'perm' && a.ints?.map(Number).join() === '1,0'))).to.equal(false);
    const lowerings = nodes.filter((n) => n.op_type === 'ReorderInput' && n.name?.endsWith('/nchwc/w_flip_m'));
    expect(lowerings.length).to.equal(gradients.filter((g) => nodes.some((n) => n.name === `${g}/nchwc/w_flip_m`)).length).and.to.be.greaterThan(0);
    const read = new Set(nodes.flatMap((n) => n.input ?? []));
    expect((l.model.graph!.initializer ?? []).filter((t) => !read.has(t.name ?? '')).map((t) => t.name), 'unused initializers').to.deep.equal([]);
    for (const n of nodes) for (const i of n.input ?? []) if (i) expect(nodes.some((p) => p.output?.includes(i)) || (l.model.graph!.initializer ?? []).some((t) => t.name === i) || (l.model.graph!.input ?? []).some((t) => t.name === i), `${n.name} reads ${i}`).to.equal(true);
  });

  it('leaves a graph with nothing to lower as it was', () => {
    const plan = compileTrainingGraph(imageModel([conv2d(4, 3, {}), flatten(), dense(1)], { inputShape: [6, 6, 3], seed: 1 }), 'binaryCrossEntropy');
    const l = lowerConvsToNchwc(plan.model, 8);
    expect(l.model).to.equal(plan.model);
    expect(l.lowered).to.deep.equal([]);
  });

  it('on onnxruntime-node CPU: the canary finds the block size, and loss, logits and every gradient equal the standard graph\'s (≤ 1e-5), flipped-kernel data gradients included', async function () {
    this.timeout(60_000);
    const support = await nchwcSupport();
    // NOTE: MLAS has NCHWc kernels on x86-64 with AVX2 or AVX-512; elsewhere the canary says why and nothing is lowered.
    needCapability(this, support.ok, `onnxruntime-node CPU's NCHWc kernels: ${support.ok ? '' : support.why}`);
    expect([8, 16]).to.include(support.ok ? support.blockSize : 0);
    const model = smallCnn();
    // the flipped-kernel data gradient from 16 channels, as gradientFormsFor('cpu') asks on NCHWc kernels
    const plan = compileTrainingGraph(model, 'binaryCrossEntropy', { flippedConvMinChannels: 16 });
    const lowering = lowerConvsToNchwc(plan.model, support.ok ? support.blockSize : 16);
    expect(lowering.lowered.some((n) => n.startsWith('grad/'))).to.equal(true);
    expect(lowering.tails.length, 'weight-gradient tails rewritten').to.be.greaterThan(0);
    const feeds = feedsFor(plan.model, new Set(plan.weights.keys()));
    const outputs = [plan.loss, plan.logits, ...plan.gradients.map((g) => g.output)];
    const run = async (nchwc: boolean): Promise<{ lowered: number; out: Record<string, ArrayLike<number>> }> => {
      const s = await openGraphSession(plan.model, plan.weights, 'cpu', 1, { nchwc });
      try {
        const out = await s.session.run({ ...feeds, ...Object.fromEntries(Object.entries(s.weightFeeds)) } as never, outputs);
        return { lowered: s.nchwc.lowered, out: Object.fromEntries(outputs.map((o) => [o, out[o]!.data as Float32Array])) };
      } finally {
        await s.dispose();
      }
    };
    const [plain, lowered] = [await run(false), await run(true)];
    expect(plain.lowered).to.equal(0);
    expect(lowered.lowered).to.be.greaterThan(0);
    for (const o of outputs) {
      const a = plain.out[o]!, b = lowered.out[o]!;
      let diff = 0, scale = 1e-12;
      for (let i = 0; i < a.length; i++) {
        diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
        scale = Math.max(scale, Math.abs(a[i]!));
      }
      expect(diff / scale, `${o}: max |a| ${scale}`).to.be.lessThan(1e-5);
    }
  });

  it('is never applied off the CPU device (WASM runs the standard graph)', async function () {
    this.timeout(60_000);
    const plan = compileTrainingGraph(smallCnn(), 'binaryCrossEntropy');
    const s = await openGraphSession(plan.model, plan.weights, 'wasm', 1);
    try {
      expect(s.nchwc.lowered).to.equal(0);
      expect(s.nchwc.why).to.equal('device wasm');
    } finally {
      await s.dispose();
    }
  });
});
