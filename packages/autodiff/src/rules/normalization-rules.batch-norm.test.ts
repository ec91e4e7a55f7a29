import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder, floatAttr, onnx, type Dim, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { checkGradients, seeded, withProbeLoss, type Feed } from '../test-support/check-gradients.js';
import { batchStatistics } from '../test-support/reference/normalization-ops.js';
import { evaluateReference } from '../test-support/reference/evaluate-reference.js';
import { runGraph } from '../test-support/run-graph.js';

// NOTE: tolerances. ORT computes in float32 (reductions accumulate ~1e-7 relative per step) and the finite
// differences run in float64 on the reference, so 1e-4 relative leaves room for float32 accumulation over these
// small tensors while a wrong term (a missing mean subtraction, a 1/M instead of 1/(M−1)) is off by >1e-2.
const MAX_RELATIVE_ERROR = 1e-4;

interface BnCase {
  readonly name: string;
  /** The model's input dims (a string is a symbolic batch). */
  readonly dims: readonly Dim[];
  /** The fed dims. */
  readonly feed: readonly number[];
  readonly epsilon?: number;
  readonly momentum?: number;
}

/** x → BatchNormalization(scale, bias, mean, var); training_mode=1 makes the float64 reference use batch statistics. */
function bnModel(c: BnCase, trainingMode: boolean, outputs = 1): ModelProto {
  const b = new GraphBuilder();
  const ch = c.feed[1]!;
  const x = b.input('x', 'float32', c.dims);
  const params = [
    b.initializer('scale', seeded(ch, 21, 0.5, 1.5), [ch]),
    b.initializer('bias', seeded(ch, 22), [ch]),
    b.initializer('mean', seeded(ch, 23, -0.3, 0.3), [ch]),
    b.initializer('var', seeded(ch, 24, 0.5, 1.5), [ch]),
  ];
  const attrs = { epsilon: c.epsilon === undefined ? undefined : floatAttr(c.epsilon), momentum: c.momentum === undefined ? undefined : floatAttr(c.momentum), training_mode: trainingMode ? 1 : undefined };
  const ys = b.node('BatchNormalization', [x, ...params], attrs, { name: 'bn', outputs: outputs === 1 ? ['y'] : ['y', 'y_running_mean', 'y_running_var'] });
  b.output(ys[0]!, { dims: c.dims });
  for (const extra of ys.slice(1)) b.output(extra, { dims: [ch] });
  return b.build();
}

const xFeed = (dims: readonly number[], seed = 5): Feed => ({ data: seeded(dims.reduce((a, d) => a * d, 1), seed, -0.5, 1.5), dims });

const CASES: readonly BnCase[] = [
  { name: '2-D [N, C]', dims: [6, 4], feed: [6, 4] },
  { name: '3-D [N, C, L], epsilon 1e-3', dims: [3, 2, 5], feed: [3, 2, 5], epsilon: 1e-3 },
  { name: '4-D [N, C, H, W], momentum 0.8', dims: [2, 3, 4, 5], feed: [2, 3, 4, 5], momentum: 0.8 },
  { name: '4-D batch 1', dims: [1, 3, 3, 4], feed: [1, 3, 3, 4] },
  { name: '4-D symbolic batch', dims: ['N', 2, 3, 3], feed: [3, 2, 3, 3], epsilon: 0.01 },
  { name: '2-D symbolic batch', dims: ['N', 5], feed: [4, 5] },
];

describe('@kenobi/autodiff BatchNormalization rule', function () {
  this.timeout(60_000);

  for (const mode of ['frozen', 'train'] as const) {
    for (const c of CASES) {
      for (const backend of ['cpu', 'wasm'] as const) {
        it(`${mode}, ${c.name}: loss and every gradient within ${MAX_RELATIVE_ERROR} of float64 finite differences [${backend}]`, async () => {
          const wrt = mode === 'frozen' ? ['x', 'scale', 'bias', 'mean', 'var'] : ['x', 'scale', 'bias'];
          const r = await checkGradients({ model: bnModel(c, mode === 'train'), feeds: { x: xFeed(c.feed) }, wrt, mode: { batchNorm: mode } }, { backend });
          expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
          for (const t of wrt) expect(r.relativeError[t], t).to.be.below(MAX_RELATIVE_ERROR);
        });
      }
    }
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`train: two BatchNormalizations around a Mul, every gradient within ${MAX_RELATIVE_ERROR} [${backend}]`, async () => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', ['N', 3, 2, 2]);
      const bn = (t: string, name: string, seed: number): string => b.node('BatchNormalization', [t,
        b.initializer(`${name}.scale`, seeded(3, seed, 0.5, 1.5), [3]), b.initializer(`${name}.bias`, seeded(3, seed + 1), [3]),
        b.initializer(`${name}.mean`, seeded(3, seed + 2), [3]), b.initializer(`${name}.var`, seeded(3, seed + 3, 0.5, 1), [3]),
      ], { training_mode: 1 }, { name })[0]!;
      const [m] = b.node('Mul', [bn(x, 'bn1', 30), b.initializer('w', seeded(12, 40), [3, 2, 2])]);
      b.output(bn(m!, 'bn2', 50), { dims: ['N', 3, 2, 2] });
      const wrt = ['x', 'bn1.scale', 'bn1.bias', 'w', 'bn2.scale', 'bn2.bias'];
      const r = await checkGradients({ model: b.build(), feeds: { x: xFeed([4, 3, 2, 2], 9) }, wrt, mode: { batchNorm: 'train' } }, { backend });
      expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
      for (const t of wrt) expect(r.relativeError[t], t).to.be.below(MAX_RELATIVE_ERROR);
    });
  }

  for (const c of [CASES[0]!, CASES[2]!, CASES[4]!]) {
    for (const backend of ['cpu', 'wasm'] as const) {
      it(`train, ${c.name}: outputs the batch mean, biased batch variance and ONNX's running statistics [${backend}]`, async () => {
        const model = bnModel(c, true, 3);
        const x = xFeed(c.feed);
        const g = buildGradientGraph(withProbeLoss(model, c.feed, 3), { loss: 'loss', wrt: ['x'], mode: { batchNorm: 'train' }, keepOutputs: ['y_running_mean', 'y_running_var'] });
        const out = await runGraph(g.model, { x }, backend);
        const xf64 = { data: Float64Array.from(x.data), dims: c.feed };
        const ref = evaluateReference(model, { x: xf64 });
        const stats = batchStatistics(xf64);
        const expected: Record<string, ArrayLike<number>> = {
          'batch-mean': stats.mean, 'batch-var': stats.variance,
          'running-mean': ref.get('y_running_mean')!.data, 'running-var': ref.get('y_running_var')!.data,
        };
        expect(g.extraOutputs.map((p) => p.role?.kind)).to.have.members(Object.keys(expected));
        for (const p of g.extraOutputs) {
          expect(p.role?.node).to.equal('bn');
          if (p.role?.kind === 'running-mean' || p.role?.kind === 'running-var') {
            expect(p.role.updates).to.equal(p.role.kind === 'running-mean' ? 'mean' : 'var');
            expect(p.role.momentum).to.be.closeTo(c.momentum ?? 0.9, 1e-7);
          }
          expect(p.dims).to.deep.equal([c.feed[1]]);
          const want = expected[p.role!.kind]!;
          out[p.name]!.data.forEach((v, i) => expect(v, `${p.role!.kind}[${i}]`).to.be.closeTo(want[i]!, 1e-5));
        }
        // the node's own training outputs carry the updated running statistics too
        for (const name of ['y_running_mean', 'y_running_var']) {
          out[name]!.data.forEach((v, i) => expect(v, `${name}[${i}]`).to.be.closeTo(ref.get(name)!.data[i]!, 1e-5));
        }
        // a biased variance, not PyTorch's unbiased one: they differ by M/(M−1) ≥ 1.02 here
        const m = c.feed.reduce((a, d) => a * d, 1) / c.feed[1]!;
        expect(stats.variance[0]! * (m / (m - 1)) - stats.variance[0]!).to.be.above(1e-3);
      });
    }
  }

  it("train: the node's training_mode attribute does not change the gradient graph's results", async () => {
    const c = CASES[2]!;
    const feeds = { x: xFeed(c.feed) };
    const run = async (trainingMode: boolean): Promise<Record<string, { data: number[] }>> => {
      const model = withProbeLoss(bnModel(c, trainingMode), c.feed, 3);
      const g = buildGradientGraph(model, { loss: 'loss', wrt: ['x'], mode: { batchNorm: 'train' }, weightsAsInputs: false });
      return runGraph(g.model, feeds, 'cpu');
    };
    const [a, b] = [await run(false), await run(true)];
    expect(Object.keys(a)).to.have.length(6); // loss, x_grad, 4 statistics
    for (const k of Object.keys(a)) expect(a[k]!.data, k).to.deep.equal(b[k]!.data);
  });

  it("frozen: adds no inputs or outputs and keeps the BatchNormalization node", () => {
    const c = CASES[2]!;
    const g = buildGradientGraph(withProbeLoss(bnModel(c, false), c.feed, 3), { loss: 'loss', wrt: ['x', 'scale'] });
    expect(g.extraOutputs).to.have.length(0);
    expect(g.extraInputs).to.have.length(0);
    expect(g.model.graph!.node!.filter((n) => n.op_type === 'BatchNormalization')).to.have.length(1);
  });

  it("train: replaces the node by primitive ops (no BatchNormalization left for ORT to run)", () => {
    const c = CASES[2]!;
    const g = buildGradientGraph(withProbeLoss(bnModel(c, false), c.feed, 3), { loss: 'loss', wrt: ['scale'], mode: { batchNorm: 'train' } });
    expect(g.model.graph!.node!.map((n) => n.op_type)).to.not.include('BatchNormalization');
  });

  const refused = (code: string, pattern: RegExp) => (err: unknown): boolean => isKenobiError(err, code) && pattern.test((err as Error).message);

  it("refuses a training_mode=1 node in mode batchNorm 'frozen', naming the node", () => {
    const c = CASES[0]!;
    expect(() => buildGradientGraph(withProbeLoss(bnModel(c, true), c.feed, 3), { loss: 'loss', wrt: ['x'] }))
      .to.throw().that.satisfies(refused('autodiff/unsupported-attribute', /training_mode=1.*'bn'|'bn'.*training_mode=1/));
  });

  it('refuses a loss that depends on the running statistics outputs', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4, 2]);
    const params = ['s', 'b', 'm', 'v'].map((n, i) => b.initializer(n, seeded(2, 60 + i, 0.5, 1), [2]));
    const [y, rm] = b.node('BatchNormalization', [x, ...params], { training_mode: 1 }, { name: 'bn', outputs: ['y', 'rm', 'rv'] });
    const [l1] = b.node('ReduceSum', [y!], { keepdims: 0 });
    const [l2] = b.node('ReduceSum', [rm!], { keepdims: 0 });
    const [loss] = b.node('Add', [l1!, l2!]);
    b.output(loss!, { dims: [] });
    const model = b.build();
    // the static shape inference does not know BN's optional outputs: declare rm's dims
    model.graph!.value_info = [onnx.ValueInfoProto.create({ name: rm!, type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 2 }] } } } })];
    expect(() => buildGradientGraph(model, { loss: loss!, wrt: ['x'], mode: { batchNorm: 'train' } }))
      .to.throw().that.satisfies(refused('autodiff/unsupported-attribute', /running/));
  });

  it('refuses an input of rank 1', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    const params = ['s', 'b', 'm', 'v'].map((n, i) => b.initializer(n, seeded(3, 70 + i, 0.5, 1), [3]));
    const [y] = b.node('BatchNormalization', [x, ...params], {}, { name: 'bn' });
    const [loss] = b.node('ReduceSum', [y!], { keepdims: 0 });
    b.output(loss!, { dims: [] });
    expect(() => buildGradientGraph(b.build(), { loss: loss!, wrt: ['x'] })).to.throw().that.satisfies(refused('autodiff/unsupported-attribute', /rank 1/));
  });
});
