import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder, float32Tensor, onnx, type Dim, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph, type GradientGraph } from '../gradient-graph.js';
import { checkGradients, seeded, withProbeLoss, type Feed } from '../test-support/check-gradients.js';
import { dropoutMask } from '../test-support/reference/normalization-ops.js';
import { runGraph } from '../test-support/run-graph.js';

// NOTE: Dropout is linear in X for a fixed mask, so ORT's float32 gradients match float64 finite differences
// to ~1e-7; 1e-4 is the suite-wide bound (a missing mask or a missing 1/(1−p) is off by ≥ 0.25).
const MAX_RELATIVE_ERROR = 1e-4;

interface DropoutCase {
  readonly name: string;
  readonly dims: readonly Dim[];
  readonly feed: readonly number[];
  readonly ratio: number;
  /** The node's training_mode input: absent, or a constant. */
  readonly trainingMode?: boolean;
  /** Also name the (bool) mask output. */
  readonly maskOutput?: boolean;
}

const boolScalar = (name: string, v: boolean): onnx.TensorProto => onnx.TensorProto.create({ name, data_type: onnx.TensorProto.DataType.BOOL, dims: [], int32_data: [v ? 1 : 0] });
const SEED = 11;
const count = (dims: readonly number[]): number => dims.reduce((a, d) => a * d, 1);

/** x → Mul(w) → Dropout(ratio[, training_mode], seed) → Mul(v): weights on both sides of the dropout. */
function dropoutModel(c: DropoutCase): ModelProto {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', c.dims);
  const tail = c.feed.slice(1);
  const [m] = b.node('Mul', [x, b.initializer('w', seeded(count(tail), 41, 0.5, 1.5), tail)]);
  const inputs = [m!, b.initializer('ratio', float32Tensor('ratio', Float32Array.of(c.ratio), []))];
  if (c.trainingMode !== undefined) inputs.push(b.initializer('training_mode', boolScalar('training_mode', c.trainingMode)));
  const [y] = b.node('Dropout', inputs, { seed: SEED }, { name: 'drop', outputs: c.maskOutput ? ['y', 'mask'] : ['y'] });
  // NOTE: the engine declares every kept output float, so the bool mask is read through a Cast
  if (c.maskOutput) b.node('Cast', ['mask'], { to: 1 }, { name: 'mask_f' });
  const [z] = b.node('Mul', [y!, b.initializer('v', seeded(count(tail), 42, -1, 1), tail)]);
  b.output(z!, { dims: c.dims });
  return b.build();
}

const xFeed = (dims: readonly number[]): Feed => ({ data: seeded(count(dims), 5), dims });

/** The reference's mask (the node's seed) fed to the gradient graph's mask input. */
const maskFeeds = (c: DropoutCase) => (g: GradientGraph): Record<string, Feed> => {
  const masks = g.extraInputs.filter((p) => p.role?.kind === 'dropout-mask');
  expect(masks, 'one dropout-mask input').to.have.length(1);
  return { [masks[0]!.name]: { data: dropoutMask(count(c.feed), c.ratio, SEED), dims: c.feed } };
};

const TRAIN_CASES: readonly DropoutCase[] = [
  { name: '[N, F], ratio 0.5', dims: [4, 6], feed: [4, 6], ratio: 0.5, trainingMode: true },
  { name: '[N, C, H, W], ratio 0.25 (1/(1−p) not exact in float32)', dims: [2, 3, 4, 4], feed: [2, 3, 4, 4], ratio: 0.25, trainingMode: true },
  { name: 'symbolic batch, ratio 0.1, with the mask output', dims: ['N', 3, 2, 2], feed: [3, 3, 2, 2], ratio: 0.1, trainingMode: true, maskOutput: true },
  { name: 'ratio 0 (the mask is all ones)', dims: [3, 5], feed: [3, 5], ratio: 0, trainingMode: true },
];

const OFF_CASES: readonly DropoutCase[] = [
  { name: 'no training_mode input', dims: [4, 6], feed: [4, 6], ratio: 0.5 },
  { name: 'training_mode false, with the mask output, symbolic batch', dims: ['N', 2, 3, 3], feed: [2, 2, 3, 3], ratio: 0.3, trainingMode: false, maskOutput: true },
];

describe('@kenobi/autodiff Dropout rule', function () {
  this.timeout(60_000);

  for (const [mode, cases] of [['train', TRAIN_CASES], ['off', OFF_CASES]] as const) {
    for (const c of cases) {
      for (const backend of ['cpu', 'wasm'] as const) {
        it(`${mode}, ${c.name}: loss and the x, w, v gradients within ${MAX_RELATIVE_ERROR} of float64 finite differences [${backend}]`, async () => {
          const r = await checkGradients({ model: dropoutModel(c), feeds: { x: xFeed(c.feed) }, wrt: ['x', 'w', 'v'], mode: { dropout: mode }, extraFeeds: mode === 'train' ? maskFeeds(c) : undefined }, { backend });
          expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
          for (const t of ['x', 'w', 'v']) expect(r.relativeError[t], t).to.be.below(MAX_RELATIVE_ERROR);
        });
      }
    }
  }

  it("train: one mask input per Dropout, of X's dims (symbolic batch kept), with role { kind: 'dropout-mask', node, ratio }", () => {
    const c = TRAIN_CASES[2]!;
    const g = buildGradientGraph(withProbeLoss(dropoutModel(c), c.feed, 3), { loss: 'loss', wrt: ['w'], mode: { dropout: 'train' } });
    expect(g.extraInputs).to.have.length(1);
    expect(g.extraInputs[0]!.dims).to.deep.equal(['N', 3, 2, 2]);
    expect(g.extraInputs[0]!.role?.kind).to.equal('dropout-mask');
    expect(g.extraInputs[0]!.role).to.include({ node: 'drop' });
    expect((g.extraInputs[0]!.role as { ratio: number }).ratio).to.be.closeTo(0.1, 1e-7);
    expect(g.model.graph!.input!.map((i) => i.name)).to.include(g.extraInputs[0]!.name);
    expect(g.model.graph!.node!.map((n) => n.op_type)).to.not.include('Dropout');
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`the mask output stays valid: mask > 0 in 'train', all true in 'off' [${backend}]`, async () => {
      const c = TRAIN_CASES[2]!;
      const feed = xFeed(c.feed);
      const mask = dropoutMask(count(c.feed), c.ratio, SEED);
      const train = buildGradientGraph(withProbeLoss(dropoutModel(c), c.feed, 3), { loss: 'loss', wrt: ['x'], mode: { dropout: 'train' }, keepOutputs: ['mask_f'] });
      const trained = await runGraph(train.model, { x: feed, [train.extraInputs[0]!.name]: { data: mask, dims: c.feed } }, backend);
      expect(trained['mask_f']!.data).to.deep.equal(Array.from(mask, (m) => (m > 0 ? 1 : 0)));
      expect(trained['mask_f']!.data).to.include(0); // the draw dropped something
      for (const trainingMode of [true, false]) {
        const off = buildGradientGraph(withProbeLoss(dropoutModel({ ...c, trainingMode }), c.feed, 3), { loss: 'loss', wrt: ['x'], mode: { dropout: 'off' }, keepOutputs: ['mask_f'] });
        const out = await runGraph(off.model, { x: feed }, backend);
        expect(out['mask_f']!.data, `training_mode ${trainingMode}`).to.deep.equal(new Array(count(c.feed)).fill(1));
      }
    });
  }

  it("off: a training_mode=true node becomes the identity (the same results as a node without training_mode)", async () => {
    const c = { ...TRAIN_CASES[1]!, trainingMode: true };
    const run = async (trainingMode: boolean | undefined): Promise<Record<string, { data: number[] }>> => {
      const g = buildGradientGraph(withProbeLoss(dropoutModel({ ...c, trainingMode }), c.feed, 3), { loss: 'loss', wrt: ['x', 'w'], mode: { dropout: 'off' }, weightsAsInputs: false });
      if (trainingMode) expect(g.model.graph!.node!.map((n) => n.op_type)).to.not.include('Dropout');
      return runGraph(g.model, { x: xFeed(c.feed) }, 'cpu');
    };
    const [plain, forced] = [await run(undefined), await run(true)];
    expect(Object.keys(plain)).to.have.members(['loss', 'x_grad', 'w_grad']);
    for (const k of Object.keys(plain)) expect(forced[k]!.data, k).to.deep.equal(plain[k]!.data);
  });

  it("train: a node without training_mode is masked too (the build's mode decides)", async () => {
    const c = TRAIN_CASES[0]!;
    const run = async (trainingMode: boolean | undefined): Promise<Record<string, { data: number[] }>> => {
      const g = buildGradientGraph(withProbeLoss(dropoutModel({ ...c, trainingMode }), c.feed, 3), { loss: 'loss', wrt: ['x'], mode: { dropout: 'train' } });
      return runGraph(g.model, { x: xFeed(c.feed), ...maskFeeds(c)(g) }, 'cpu');
    };
    const [absent, given] = [await run(undefined), await run(true)];
    for (const k of Object.keys(given)) expect(absent[k]!.data, k).to.deep.equal(given[k]!.data);
  });

  describe('refusals', () => {
    /** Dropout whose ratio is a graph input (computed at run time) or a constant out of [0, 1). */
    const model = (ratio: number | 'input'): ModelProto => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2, 3]);
      const r = ratio === 'input' ? b.input('r', 'float32', []) : b.initializer('r', float32Tensor('r', Float32Array.of(ratio), []));
      const [y] = b.node('Dropout', [x, r], {}, { name: 'the_drop' });
      const [loss] = b.node('ReduceSum', [y!], { keepdims: 0 }, { name: 'loss' });
      b.output(loss!, { dims: [] });
      return b.build();
    };
    const refused = (pattern: RegExp) => (err: unknown): boolean => isKenobiError(err, 'autodiff/unsupported-attribute') && pattern.test((err as Error).message) && /the_drop/.test((err as Error).message);

    it("refuses a ratio computed at run time in mode dropout 'train' (and builds it in 'off')", () => {
      expect(() => buildGradientGraph(model('input'), { loss: 'loss', wrt: ['x'], mode: { dropout: 'train' } })).to.throw().that.satisfies(refused(/constant ratio/));
      expect(buildGradientGraph(model('input'), { loss: 'loss', wrt: ['x'], mode: { dropout: 'off' } }).gradients.get('x')).to.be.a('string');
    });

    it('refuses a ratio outside [0, 1) in training', () => {
      expect(() => buildGradientGraph(model(1), { loss: 'loss', wrt: ['x'], mode: { dropout: 'train' } })).to.throw().that.satisfies(refused(/ratio 1 is outside/));
      expect(() => buildGradientGraph(model(-0.5), { loss: 'loss', wrt: ['x'], mode: { dropout: 'train' } })).to.throw().that.satisfies(refused(/outside/));
    });
  });
});
