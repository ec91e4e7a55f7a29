/**
 * The seeds' CNN trained as PyTorch 1.13 trains it (issue #13 §4 (a)): `builtinArchitecture('seeds-cnn')` (every
 * layer, all convs 'same') at 16×16×3, its weights set from the formula, trained by `ImageTrainer.step` (the step
 * `fit` and `kenobi train --arch seeds-cnn` run: the compiled gradient graph on ORT + Kenobi's optimizer) for 3
 * epochs of 5 batches of 8 in the fixture's order, with PyTorch's dropout masks, by Adam and by SGD with momentum,
 * on onnxruntime-node CPU and onnxruntime-web WASM. Fixture: packages/autodiff/fixtures/torch-parity-seeds-cnn.json
 * (scripts/fixtures/autodiff/seeds_cnn.py); the script checks that PyTorch's own float32 run stays within 1e-6 of
 * its float64 run in this setup, so 1e-4 is a real bound here rather than noise.
 * Tolerances as the other whole-network parity tests: every weight tensor max |Δ| / max |w_torch| ≤ 1e-4, the
 * losses of every step and epoch ≤ 1e-4 relative; plus the update (w_final − w_init) ≤ 1e-3 relative, which a
 * wrong gradient fails even where the weights moved little (Adam at lr 5e-6 moves them by ≤ 7e-5).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { formulaMask, formulaUniform } from '../../../autodiff/src/test-support/torch-parity/formula.js';
import { compareWithFixture, type TensorComparison } from '../../../autodiff/src/test-support/torch-parity/parity-compare.js';
import type { FinalTensor, FormulaSpec, ParityFixture } from '../../../autodiff/src/test-support/torch-parity/parity-fixture.js';
import type { OptimizerSpec } from '../optim/optimizer-spec.js';
import { builtinArchitecture } from './builtin-architectures.js';
import { imageArray, type ImageDataset } from './image-dataset.js';
import { ImageTrainer } from './image-trainer.js';
import { TRAINER_DEVICES, type TrainerDevice } from './trainer-options.js';

const WEIGHT_TOL = 1e-4, UPDATE_TOL = 1e-3, LOSS_TOL = 1e-4;

interface SeedsCase {
  readonly name: string;
  readonly optimizer: OptimizerSpec;
  readonly losses: { readonly float32: readonly number[] };
  readonly epochLosses: { readonly float32: readonly number[] };
  readonly torchFloat32Error: number;
  readonly final: Readonly<Record<string, FinalTensor & { readonly maxUpdate: number }>>;
}

interface SeedsFixture {
  readonly inputShape: [number, number, number];
  readonly images: FormulaSpec;
  readonly formulaCheck: { readonly first: readonly number[]; readonly sum: number };
  readonly labels: { readonly values: readonly number[] };
  readonly batchSize: number;
  readonly orders: readonly (readonly number[])[];
  readonly dropoutRates: Readonly<Record<string, number>>;
  readonly driftLimit: number;
  readonly params: readonly FormulaSpec[];
  readonly cases: readonly SeedsCase[];
}

interface Run {
  readonly tensors: Map<string, Float32Array>;
  readonly losses: number[];
  readonly epochLosses: number[];
}

const fx = JSON.parse(readFileSync(new URL('../../../autodiff/fixtures/torch-parity-seeds-cnn.json', import.meta.url), 'utf8')) as SeedsFixture;

/** `masks` 'seeded': Kenobi's own draw instead of PyTorch's masks (the check that the comparison can fail). */
async function trainLikeTorch(c: SeedsCase, device: TrainerDevice, masks: 'torch' | 'seeded' = 'torch'): Promise<Run> {
  const model = builtinArchitecture('seeds-cnn', { inputShape: fx.inputShape, classes: 2 });
  const specs = new Map(fx.params.map((s) => [s.name, s]));
  expect(model.params().map((p) => p.name)).to.deep.equal([...specs.keys()]);
  for (const p of model.params()) {
    const s = specs.get(p.name)!;
    expect(p.shape, p.name).to.deep.equal(s.dims);
    p.value.set(formulaUniform(s.name, s.dims, s.lo, s.hi));
  }
  const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', optimizer: c.optimizer, batchSize: fx.batchSize, device, threads: 1 });
  try {
    const data: ImageDataset = { images: imageArray(formulaUniform(fx.images.name, fx.images.dims, fx.images.lo, fx.images.hi), fx.inputShape), labels: Int32Array.from(fx.labels.values) };
    const layers = trainer.dropoutMasks.map((m) => model.layers[m.layer]!.name);
    expect(Object.fromEntries(trainer.dropoutMasks.map((m, k) => [layers[k], m.rate]))).to.deep.equal(fx.dropoutRates);
    const losses: number[] = [], epochLosses: number[] = [];
    for (const [epoch, order] of fx.orders.entries()) {
      let sum = 0;
      for (let b = 0; b * fx.batchSize < order.length; b++) {
        const idx = order.slice(b * fx.batchSize, (b + 1) * fx.batchSize), step = losses.length;
        const torch = Object.fromEntries(trainer.dropoutMasks.map((m, k) => [m.name, formulaMask(`${layers[k]}/mask/${step}`, idx.length * m.dims.reduce((x, y) => x * y, 1), m.rate)]));
        const { loss } = await trainer.step(data, idx, epoch, b, masks === 'torch' ? { masks: torch } : {});
        losses.push(loss);
        sum += loss * idx.length;
      }
      epochLosses.push(sum / order.length);
    }
    return { tensors: new Map(model.params().map((p) => [p.name, p.value as Float32Array])), losses, epochLosses };
  } finally {
    await trainer.dispose();
  }
}

function compare(c: SeedsCase, run: Run): TensorComparison[] {
  const asParity = { tensors: fx.params.map((s) => ({ ...s, kind: 'param', final: c.final[s.name]! })) } as unknown as ParityFixture;
  return compareWithFixture(asParity, run.tensors);
}

function expectParity(c: SeedsCase, run: Run): void {
  const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  run.losses.forEach((l, k) => expect(relative(l, c.losses.float32[k]!), `loss of step ${k}`).to.be.at.most(LOSS_TOL));
  run.epochLosses.forEach((l, k) => expect(relative(l, c.epochLosses.float32[k]!), `loss of epoch ${k}`).to.be.at.most(LOSS_TOL));
  for (const t of compare(c, run)) {
    expect(t.error, `${t.name}: max |Δ| / max |w|`).to.be.at.most(WEIGHT_TOL);
    expect(t.updateError, `${t.name}: update error`).to.be.at.most(UPDATE_TOL);
    if (t.l2Error !== undefined) expect(t.l2Error, `${t.name}: L2 norm of the whole tensor`).to.be.at.most(WEIGHT_TOL);
  }
}

describe("cnn/seeds' CNN trained as PyTorch 1.13 does: 3 epochs of Adam and of SGD-momentum (issue #13 §4 a)", function () {
  this.timeout(120_000);

  it('rebuilds the fixture\'s formula dataset bit for bit; PyTorch\'s float32 drift is within the fixture\'s limit', () => {
    const x = formulaUniform(fx.images.name, fx.images.dims, fx.images.lo, fx.images.hi);
    expect([...x.subarray(0, fx.formulaCheck.first.length)]).to.deep.equal(fx.formulaCheck.first.map((v) => Math.fround(v)));
    expect(x.reduce((s, v) => s + v, 0)).to.be.closeTo(fx.formulaCheck.sum, 1e-9 * x.length);
    expect(fx.cases.map((c) => c.name)).to.deep.equal(['adam', 'sgd-momentum']);
    for (const c of fx.cases) expect(c.torchFloat32Error, c.name).to.be.at.most(fx.driftLimit).and.at.most(WEIGHT_TOL / 10);
  });

  for (const device of TRAINER_DEVICES) {
    for (const name of ['adam', 'sgd-momentum']) {
      it(`${name} on ${device}: every weight tensor ≤ 1e-4, updates ≤ 1e-3, every step's and epoch's loss ≤ 1e-4`, async () => {
        const c = fx.cases.find((k) => k.name === name)!;
        const run = await trainLikeTorch(c, device);
        expectParity(c, run);
        for (const t of compare(c, run)) expect(c.final[t.name]!.maxUpdate, `${t.name} moved`).to.be.above(1e-5);
      });
    }
  }

  it("fails the comparison with Kenobi's own seeded dropout masks instead of PyTorch's (SGD-momentum, CPU)", async () => {
    const c = fx.cases.find((k) => k.name === 'sgd-momentum')!;
    const run = await trainLikeTorch(c, 'cpu', 'seeded');
    expect(Math.max(...compare(c, run).map((t) => t.error))).to.be.above(100 * WEIGHT_TOL);
    expect(() => expectParity(c, run)).to.throw(/loss of step|max \|Δ\||update error/);
  });
});
