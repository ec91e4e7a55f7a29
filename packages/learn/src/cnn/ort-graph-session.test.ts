import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { valueInfoDims } from '@kenobi/onnx';
import { dense } from '../layers/dense.js';
import { relu } from '../layers/relu.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { imageModel } from './image-model.js';
import { bindGradients, copyGradients, openGraphSession, runGraph } from './ort-graph-session.js';
import { compileTrainingGraph } from './training-graph.js';
import type { TrainerDevice } from './trainer-options.js';

/** A small CNN's training graph, its params' grads set to a sentinel, and feeds for its other inputs (batch 3). */
function setup(): { plan: ReturnType<typeof compileTrainingGraph>; feeds: Record<string, { data: Float32Array; dims: number[] }> } {
  const model = imageModel([conv2d(8, 3, { padding: 'same', strides: 2 }), relu(), conv2d(8, 3, { padding: 'same' }), relu(), flatten(), dense(1)], { inputShape: [10, 10, 3], seed: 3 });
  const plan = compileTrainingGraph(model, 'binaryCrossEntropy');
  const rng = new SeededRandom(4);
  const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const input of plan.model.graph!.input ?? []) {
    if (plan.weights.has(input.name!)) continue;
    const dims = (valueInfoDims(input) ?? []).map((d) => (typeof d === 'number' ? d : 3));
    feeds[input.name!] = { data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => (input.name === plan.target ? Math.round(rng.uniform()) : rng.uniform())), dims };
  }
  return { plan, feeds };
}

describe('cnn/ort-graph-session: gradients written by the run into the params\' grad arrays', () => {
  const cases: readonly [TrainerDevice, boolean][] = [['cpu', true], ['wasm', false]];
  for (const [device, binds] of cases) {
    it(`${device}: ${binds ? 'binds the gradient outputs to the grads (bit-identical to copying them)' : 'copies them (onnxruntime-web copies outputs anyway)'}`, async function () {
      this.timeout(30_000);
      const { plan, feeds } = setup();
      const run = async (gradients: boolean): Promise<Float32Array[]> => {
        for (const g of plan.gradients) g.param.grad.fill(-7);
        const s = await openGraphSession(plan.model, plan.weights, device, 1, gradients ? { gradients: plan.gradients } : {});
        try {
          const f = { ...s.weightFeeds, ...Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, s.session.tensor(v.data, v.dims)])) };
          expect(bindGradients(s)).to.equal(gradients && binds);
          const out = await runGraph(s, f);
          copyGradients(s, out, plan.gradients);
          expect(Number.isFinite((out[plan.loss]!.data as Float32Array)[0]!)).to.equal(true);
          return plan.gradients.map((g) => Float32Array.from(g.param.grad));
        } finally {
          await s.dispose();
        }
      };
      const copied = await run(false), bound = await run(true);
      expect(copied.length).to.equal(plan.gradients.length).and.to.be.greaterThan(3);
      copied.forEach((c, k) => {
        expect(c.some((v) => v === -7), `${plan.gradients[k]!.param.name}: every value written`).to.equal(false);
        expect(Array.from(bound[k]!), plan.gradients[k]!.param.name).to.deep.equal(Array.from(c));
      });
    });
  }
});
