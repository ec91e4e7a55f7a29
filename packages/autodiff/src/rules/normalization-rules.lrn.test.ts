import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder, floatAttr, type Dim, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { checkGradients, seeded, withProbeLoss } from '../test-support/check-gradients.js';
import { runGraph } from '../test-support/run-graph.js';

// NOTE: ORT runs float32 (Conv window sums, Pow) against float64 finite differences of the reference: 1e-4
// relative is float32 accumulation with margin, while a wrong window (pads not swapped for an even size) or a
// wrong cross term is off by >1e-2 with the alphas used here.
const MAX_RELATIVE_ERROR = 1e-4;

interface LrnCase {
  readonly name: string;
  readonly dims: readonly Dim[];
  readonly feed: readonly number[];
  readonly size: number;
  readonly alpha?: number;
  readonly beta?: number;
  readonly bias?: number;
}

/** x → Mul(w) → LRN: w makes the weight gradient pass through the LRN backward too. */
function lrnModel(c: LrnCase): ModelProto {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', c.dims);
  const ch = c.feed[1]!;
  const wDims = [ch, ...c.feed.slice(2).map(() => 1)];
  const [m] = b.node('Mul', [x, b.initializer('w', seeded(ch, 31, 0.5, 2), wDims)]);
  const attrs = {
    size: c.size,
    alpha: c.alpha === undefined ? undefined : floatAttr(c.alpha),
    beta: c.beta === undefined ? undefined : floatAttr(c.beta),
    bias: c.bias === undefined ? undefined : floatAttr(c.bias),
  };
  const [y] = b.node('LRN', [m!], attrs, { name: 'lrn' });
  b.output(y!, { dims: c.dims });
  return b.build();
}

const CASES: readonly LrnCase[] = [
  { name: 'size 1', dims: [2, 3, 3, 3], feed: [2, 3, 3, 3], size: 1, alpha: 0.5 },
  { name: 'size 2 (even: window [c, c+1])', dims: [2, 4, 3, 3], feed: [2, 4, 3, 3], size: 2, alpha: 0.8, beta: 0.6, bias: 1.5 },
  { name: 'size 3', dims: [1, 5, 2, 3], feed: [1, 5, 2, 3], size: 3, alpha: 1, beta: 0.75, bias: 2 },
  { name: 'size 4 (even: window [c−1, c+2])', dims: [2, 6, 2, 2], feed: [2, 6, 2, 2], size: 4, alpha: 0.9, beta: 1.2, bias: 1 },
  { name: 'size 5, AlexNet defaults (alpha 1e-4, beta 0.75, bias 1)', dims: [1, 7, 3, 3], feed: [1, 7, 3, 3], size: 5 },
  { name: 'size 6 > channels 4', dims: [2, 4, 2, 3], feed: [2, 4, 2, 3], size: 6, alpha: 0.6, beta: 0.5, bias: 0.5 },
  { name: 'size 3, symbolic batch', dims: ['N', 4, 3, 3], feed: [3, 4, 3, 3], size: 3, alpha: 0.7, beta: 0.9 },
  { name: 'size 3, 3-D [N, C, L]', dims: [2, 5, 4], feed: [2, 5, 4], size: 3, alpha: 0.9, beta: 0.75, bias: 1.2 },
];

describe('@kenobi/autodiff LRN rule', function () {
  this.timeout(60_000);

  for (const c of CASES) {
    for (const backend of ['cpu', 'wasm'] as const) {
      it(`${c.name}: loss and the x and w gradients within ${MAX_RELATIVE_ERROR} of float64 finite differences [${backend}]`, async () => {
        const feed = { data: seeded(c.feed.reduce((a, d) => a * d, 1), 7, -1.5, 1.5), dims: c.feed };
        const r = await checkGradients({ model: lrnModel(c), feeds: { x: feed }, wrt: ['x', 'w'] }, { backend });
        expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
        for (const t of ['x', 'w']) expect(r.relativeError[t], t).to.be.below(MAX_RELATIVE_ERROR);
      });
    }
  }

  for (const c of CASES.filter((k) => k.size % 2 === 1 && k.feed.length === 4)) {
    it(`${c.name}: the rewritten forward gives ONNX Runtime's own LRN output within float32 rounding`, async () => {
      const model = lrnModel(c);
      const feeds = { x: { data: seeded(c.feed.reduce((a, d) => a * d, 1), 7, -1.5, 1.5), dims: c.feed } };
      const own = await runGraph(model, feeds, 'cpu');
      const g = buildGradientGraph(withProbeLoss(model, c.feed, 3), { loss: 'loss', wrt: ['x'], keepOutputs: ['lrn'] });
      expect(g.model.graph!.node!.map((n) => n.op_type)).to.not.include('LRN');
      const rewritten = await runGraph(g.model, feeds, 'cpu');
      // NOTE: float32 results of two kernel orders: a few ulps apart (2e-6 relative, CPUs differ: FINDINGS.md)
      rewritten['lrn']!.data.forEach((v, i) => expect(v, `y[${i}]`).to.be.closeTo(own['lrn']!.data[i]!, 2e-6 * Math.max(1, Math.abs(v))));
    });
  }

  it('refuses a non-positive size and an unknown channel count', () => {
    const build = (dims: readonly Dim[], size: number): ModelProto => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', dims);
      const [y] = b.node('LRN', [x], { size }, { name: 'the_lrn' });
      const [loss] = b.node('ReduceSum', [y!], { keepdims: 0 });
      b.output(loss!, { dims: [] });
      return b.build();
    };
    const loss = 'reduce_sum_0';
    const refused = (pattern: RegExp) => (err: unknown): boolean => isKenobiError(err, 'autodiff/unsupported-attribute') && pattern.test((err as Error).message) && /the_lrn/.test((err as Error).message);
    expect(() => buildGradientGraph(build([1, 3, 2, 2], 0), { loss, wrt: ['x'] })).to.throw().that.satisfies(refused(/size 0/));
    expect(() => buildGradientGraph(build([1, 'C', 2, 2], 3), { loss, wrt: ['x'] })).to.throw().that.satisfies(refused(/channel count/));
  });
});
