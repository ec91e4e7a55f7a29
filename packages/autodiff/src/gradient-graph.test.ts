import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder } from '@kenobi/onnx';
import { buildGradientGraph } from './gradient-graph.js';
import { checkGradients, seeded } from './test-support/check-gradients.js';

/** x [2, 5] → Gemm(W [4, 5]ᵀ, b) → Add(c [4]) → Relu: a dense layer with every broadcast kind. */
function denseModel(): ReturnType<GraphBuilder['build']> {
  const b = new GraphBuilder({ seed: 3 });
  const x = b.input('x', 'float32', [2, 5]);
  const w = b.initializer('w', seeded(20, 11), [4, 5]);
  const bias = b.initializer('bias', seeded(4, 12), [4]);
  const c = b.initializer('c', seeded(4, 13, -0.2, 0.2), [4]);
  const [g] = b.node('Gemm', [x, w, bias], { transB: 1 });
  const [s] = b.node('Add', [g!, c]);
  const [y] = b.node('Relu', [s!]);
  b.output(y!, { dims: [2, 4] });
  return b.build();
}

describe('@kenobi/autodiff buildGradientGraph', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`Gemm (transB) + broadcast Add + Relu: every gradient within 1e-4 of float64 finite differences [${backend}]`, async () => {
      const r = await checkGradients({ model: denseModel(), feeds: { x: { data: seeded(10, 5), dims: [2, 5] } }, wrt: ['x', 'w', 'bias', 'c'] }, { backend });
      expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
      for (const [t, e] of Object.entries(r.relativeError)) expect(e, t).to.be.below(1e-4);
    });
  }

  it('refuses an op with no rule on the trainable path, naming op and node', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const w = b.initializer('w', seeded(3, 1), [3]);
    const [m] = b.node('Mul', [x, w]);
    const [e] = b.node('Erf', [m!], {}, { name: 'the_erf' });
    const [l] = b.node('ReduceSum', [e!], { keepdims: 0 });
    b.output(l!, { dims: [] });
    expect(() => buildGradientGraph(b.build(), { loss: l!, wrt: ['w'] })).to.throw().that.satisfies((err: unknown) => isKenobiError(err, 'autodiff/unsupported-op') && /Erf/.test((err as Error).message) && /the_erf/.test((err as Error).message));
  });

  it('refuses a wrt tensor the loss does not depend on, and an unknown loss', () => {
    const m = denseModel();
    expect(() => buildGradientGraph(m, { loss: 'nope', wrt: ['w'] })).to.throw().that.satisfies((err: unknown) => isKenobiError(err, 'autodiff/unknown-tensor'));
  });
});
