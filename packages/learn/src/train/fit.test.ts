import { SeededRandom, isKenobiError } from '@kenobi/core';
import { expect } from 'chai';
import { matrix, gatherRows } from '../backend/matrix.js';
import { stratifiedKFold } from '../cv/stratified-k-fold.js';
import { crossValidate } from '../cv/cross-validate.js';
import { linearHead } from '../heads/linear-head.js';
import { mlpHead } from '../heads/mlp-head.js';
import { loadModel, saveModel, readKenobiHeader } from '../io/kenobi-format.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { mcDropout } from '../mc-dropout.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { adam } from '../optim/adam.js';
import { sgd } from '../optim/sgd.js';
import { cosineLr } from '../schedules/cosine-lr.js';
import { stepLr } from '../schedules/step-lr.js';
import { warmupLr } from '../schedules/warmup-lr.js';
import { syntheticBinary } from '../synthetic-binary.test.support.js';
import { earlyStopping } from './early-stopping.js';
import { fit } from './fit.js';
import { progressLogger } from './progress-logger.js';
import { gatherTargets } from './targets.js';

const expectCode = (f: () => unknown, code: string): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(isKenobiError(caught, code), `expected ${code}, got ${String(caught)}`).to.equal(true);
};
const expectCodeAsync = async (f: () => Promise<unknown>, code: string): Promise<void> => {
  let caught: unknown;
  try {
    await f();
  } catch (e) {
    caught = e;
  }
  expect(isKenobiError(caught, code), `expected ${code}, got ${String(caught)}`).to.equal(true);
};

describe('learn: training loop', () => {
  const { x, y } = syntheticBinary(300, 8, 1);

  it('trains a linear head to a high AUC, with a progress line and a history per epoch', async () => {
    const head = linearHead({ inputs: 8, seed: 1 });
    const lines: string[] = [];
    const history = await fit(head, x, y, { loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.05 }), epochs: 15, batchSize: 32, validationSplit: 0.2, callbacks: [progressLogger((l) => lines.push(l))], metrics: { auc: (out, t) => rocAuc(t as Int32Array, out.data) } });
    expect(history.epochs).to.have.length(15);
    expect(lines).to.have.length(15);
    expect(lines[0]).to.match(/^epoch 1\/15 {2}loss \d\.\d{4} {2}val_loss \d\.\d{4} {2}auc \d\.\d{4} {2}lr /);
    expect(history.epochs[14]!.loss).to.be.lessThan(history.epochs[0]!.loss);
    expect(history.epochs[14]!.metrics.auc).to.be.greaterThan(0.95);
  });

  it('is deterministic for a seed (bit-identical weights), and a different seed differs', async () => {
    const run = async (seed: number): Promise<Float32Array[]> => {
      const m = mlpHead({ inputs: 8, hidden: [16], dropout: 0.3, bn: true, seed });
      await fit(m, x, y, { loss: binaryCrossEntropy(), optimizer: adam(), epochs: 3, batchSize: 20, seed });
      return m.getWeights() as Float32Array[];
    };
    const a = await run(4), b = await run(4), c = await run(5);
    expect(a.map((w) => Array.from(w))).to.deep.equal(b.map((w) => Array.from(w)));
    expect(a.map((w) => Array.from(w))).to.not.deep.equal(c.map((w) => Array.from(w)));
  });

  it('early stopping stops and restores the best weights', async () => {
    const head = mlpHead({ inputs: 8, hidden: 32, seed: 2 });
    const stop = earlyStopping({ patience: 2, restoreBestWeights: true });
    const small = { x: gatherRows(x, Array.from({ length: 60 }, (_, i) => i)), y: y.slice(0, 60) };
    let bestWeights: number[][] = [];
    const history = await fit(head, small.x, small.y, {
      loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.05 }), epochs: 200, batchSize: 8,
      validationData: { x: gatherRows(x, Array.from({ length: 100 }, (_, i) => 200 + i)), y: y.slice(200) },
      callbacks: [stop, { onEpochEnd: (logs, s) => { if (logs.epoch === stop.bestEpoch) bestWeights = s.model.getWeights().map((w) => Array.from(w)); } }],
    });
    expect(history.stoppedEarly).to.equal(true);
    expect(stop.stoppedEpoch).to.equal(stop.bestEpoch + 3);
    expect(head.getWeights().map((w) => Array.from(w))).to.deep.equal(bestWeights);
  });

  it('applies LR schedules per epoch (step, cosine, warm-up) as PyTorch', async () => {
    expect(stepLr({ stepSize: 2, gamma: 0.5 }).lrAt(5, 0.1)).to.be.closeTo(0.025, 1e-15);
    expect(cosineLr({ tMax: 10, etaMin: 0.01 }).lrAt(10, 0.1)).to.be.closeTo(0.01, 1e-15);
    const w = warmupLr({ epochs: 4, startFactor: 0.25, then: stepLr({ stepSize: 1, gamma: 0.5 }) });
    expect([0, 1, 4, 5].map((e) => w.lrAt(e, 1))).to.deep.equal([0.25, 0.4375, 1, 0.5]);
    const head = linearHead({ inputs: 8 });
    const h = await fit(head, x, y, { loss: binaryCrossEntropy(), optimizer: sgd({ lr: 0.1 }), epochs: 3, schedule: stepLr({ stepSize: 1, gamma: 0.1 }) });
    expect(h.epochs.map((e) => e.lr)).to.deep.equal([0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1]);
  });

  it("class weights 'balanced' shift a minority-class head's decisions", async () => {
    const yi = Int32Array.from(y, (v, i) => (v === 1 && i % 4 !== 0 ? 0 : v));
    const run = async (balanced: boolean): Promise<number> => {
      const head = linearHead({ inputs: 8, seed: 3 });
      await fit(head, x, yi, { loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.05 }), epochs: 10, ...(balanced ? { classWeight: 'balanced' as const } : {}) });
      return head.predict(x).data.filter((v) => v > 0).length;
    };
    expect(await run(true)).to.be.greaterThan(await run(false));
  });

  it('trains softmax and regression heads', async () => {
    const y3 = Int32Array.from({ length: 300 }, (_, i) => (x.data[i * 8]! > 0.5 ? 2 : x.data[i * 8]! > -0.5 ? 1 : 0));
    const head = linearHead({ inputs: 8, classes: 3 });
    const h = await fit(head, x, y3, { loss: categoricalCrossEntropy(), optimizer: adam({ lr: 0.05 }), epochs: 10 });
    expect(h.epochs[9]!.loss).to.be.lessThan(0.6 * h.epochs[0]!.loss);
    const z = matrix(300, 1, Array.from({ length: 300 }, (_, i) => 0.3 * x.data[i * 8]! - 0.2 * x.data[i * 8 + 1]!));
    const reg = linearHead({ inputs: 8, outputs: 1 });
    const hr = await fit(reg, x, z, { loss: meanSquaredError(), optimizer: adam({ lr: 0.05 }), epochs: 20 });
    expect(hr.epochs[19]!.loss).to.be.lessThan(1e-3);
  });
});

describe('learn: bad input gives typed errors', () => {
  const { x, y } = syntheticBinary(40, 4, 2);
  const opts = { loss: binaryCrossEntropy(), optimizer: sgd(), epochs: 1 };
  it('NaN features → learn/non-finite-input naming the row', async () => {
    const bad = matrix(40, 4, x.data);
    bad.data[4 * 7 + 2] = NaN;
    await expectCodeAsync(() => fit(linearHead({ inputs: 4 }), bad, y, opts), 'learn/non-finite-input');
    expectCode(() => linearHead({ inputs: 4 }).predict(bad), 'learn/non-finite-input');
  });
  it('a label column with one class → learn/single-class', async () => {
    await expectCodeAsync(() => fit(linearHead({ inputs: 4 }), x, new Int32Array(40).fill(1), opts), 'learn/single-class');
  });
  it('mismatched feature dims between training and evaluation → learn/shape-mismatch', async () => {
    const head = linearHead({ inputs: 4 });
    await fit(head, x, y, opts);
    expectCode(() => head.predict(matrix(3, 5)), 'learn/shape-mismatch');
    await expectCodeAsync(() => fit(linearHead({ inputs: 5 }), x, y, opts), 'learn/shape-mismatch');
    await expectCodeAsync(() => fit(linearHead({ inputs: 4 }), x, y.slice(1), opts), 'learn/shape-mismatch');
  });
  it('labels outside the head’s classes, bad files, bad hyper-parameters', async () => {
    await expectCodeAsync(() => fit(linearHead({ inputs: 4, classes: 3 }), x, Int32Array.from(y, (v) => v * 3), { ...opts, loss: categoricalCrossEntropy() }), 'learn/bad-argument');
    expectCode(() => loadModel(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])), 'learn/bad-file');
    expectCode(() => adam({ lr: -1 }), 'learn/bad-argument');
  });
});

describe('learn: serialisation (.kenobi)', () => {
  const { x, y } = syntheticBinary(120, 6, 3);
  for (const dtype of ['float32', 'float64'] as const) {
    it(`round-trips architecture, weights and BN statistics exactly (${dtype})`, async () => {
      const head = mlpHead({ inputs: 6, hidden: [10, 5], dropout: 0.2, bn: true, activation: 'elu', seed: 9, dtype });
      await fit(head, x, y, { loss: binaryCrossEntropy(), optimizer: adam(), epochs: 2, batchSize: 16 });
      head.layers[1]!.trainable = false;
      const bytes = saveModel(head, { classes: ['no lens', 'lens'] });
      const header = readKenobiHeader(bytes);
      expect(header.version).to.equal(1);
      expect(header.layers.map((l) => l.type)).to.deep.equal(['dense', 'batchNormalization', 'elu', 'dropout', 'dense', 'batchNormalization', 'elu', 'dropout', 'dense']);
      const { model, metadata } = loadModel(bytes);
      expect(metadata).to.deep.equal({ classes: ['no lens', 'lens'] });
      expect(model.layers[1]!.trainable).to.equal(false);
      expect(model.getWeights().map((w) => Array.from(w))).to.deep.equal(head.getWeights().map((w) => Array.from(w)));
      expect(Array.from(model.predict(x).data)).to.deep.equal(Array.from(head.predict(x).data));
      expect(model.summary()).to.equal(head.summary());
      expect(saveModel(model, { classes: ['no lens', 'lens'] })).to.deep.equal(bytes);
    });
  }
});

describe('learn: MC-dropout and the frozen-BN switches', () => {
  const { x, y } = syntheticBinary(200, 6, 4);
  it('gives a per-sample mean and std, with BN statistics left untouched', async () => {
    const head = mlpHead({ inputs: 6, hidden: 16, dropout: 0.5, bn: true, seed: 1 });
    await fit(head, x, y, { loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.01 }), epochs: 3 });
    const before = head.buffers().map((b) => Array.from(b.value));
    const { mean, std } = mcDropout(head, x, { samples: 20, seed: 3 });
    expect(head.buffers().map((b) => Array.from(b.value))).to.deep.equal(before);
    expect(mean.rows).to.equal(200);
    expect(Array.from(std.data).every((s) => s >= 0)).to.equal(true);
    expect(Array.from(std.data).some((s) => s > 1e-3)).to.equal(true);
    const again = mcDropout(head, x, { samples: 20, seed: 3 });
    expect(Array.from(again.mean.data)).to.deep.equal(Array.from(mean.data));
    expect(rocAuc(y, mean.data)).to.be.greaterThan(0.8);
  });
  it('trainable=false freezes gamma/beta but batch statistics still follow training; training=false pins them', async () => {
    const head = mlpHead({ inputs: 6, hidden: 8, bn: true, seed: 2 });
    const bn = head.layers[1] as import('../layers/batch-normalization.js').BatchNormalization;
    bn.trainable = false;
    const gammaBefore = Array.from(bn.params()[0]!.value);
    await fit(head, x, y, { loss: binaryCrossEntropy(), optimizer: adam(), epochs: 1 });
    expect(Array.from(bn.params()[0]!.value)).to.deep.equal(gammaBefore);
    const running = Array.from(bn.buffers()[0]!.value);
    expect(running.some((v) => v !== 0)).to.equal(true);
    bn.training = false;
    await fit(head, x, y, { loss: binaryCrossEntropy(), optimizer: adam(), epochs: 1 });
    expect(Array.from(bn.buffers()[0]!.value)).to.deep.equal(running);
  });
});

describe('learn: cross-validation helper', () => {
  it('returns per-fold metrics and mean ± std over stratified folds', async () => {
    const { x, y } = syntheticBinary(150, 5, 6);
    const result = await crossValidate(stratifiedKFold(y, 5), async ({ train, test }) => {
      const head = linearHead({ inputs: 5, seed: 0 });
      await fit(head, gatherRows(x, train), gatherTargets(y, train), { loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.05 }), epochs: 10 });
      return { auc: rocAuc(gatherTargets(y, test) as Int32Array, head.predict(gatherRows(x, test)).data) };
    });
    expect(result.perFold).to.have.length(5);
    const aucs = result.perFold.map((f) => f.auc!);
    const mu = aucs.reduce((a, b) => a + b) / 5;
    expect(result.mean.auc).to.be.closeTo(mu, 1e-12);
    expect(result.std.auc).to.be.closeTo(Math.sqrt(aucs.reduce((s, a) => s + (a - mu) ** 2, 0) / 5), 1e-12);
    expect(result.mean.auc).to.be.greaterThan(0.9);
  });
});

describe('learn: initialisers', () => {
  it('have the documented variances (He normal, Glorot uniform, LeCun truncated normal)', async () => {
    const { initialize } = await import('../init/initializer.js');
    const { heNormal, glorotUniform, lecunNormal } = await import('../init/variance-scaling.js');
    const w = new Float64Array(200000);
    const variance = (a: Float64Array): number => a.reduce((s, v) => s + v * v, 0) / a.length;
    initialize(heNormal(), w, 100, 50, new SeededRandom(1));
    expect(variance(w)).to.be.closeTo(2 / 100, 2e-4);
    initialize(glorotUniform(), w, 100, 50, new SeededRandom(1));
    expect(variance(w)).to.be.closeTo(2 / 150, 2e-4);
    expect(w.reduce((m, v) => Math.max(m, v), -Infinity)).to.be.at.most(Math.sqrt(6 / 150));
    initialize(lecunNormal({ truncated: true }), w, 100, 50, new SeededRandom(1));
    expect(variance(w)).to.be.closeTo(1 / 100, 1.5e-4);
    expect(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).to.be.at.most((2 * 0.1) / 0.87962566103423978 + 1e-12);
  });
});
