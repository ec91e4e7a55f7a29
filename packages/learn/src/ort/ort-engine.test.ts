import { expect } from 'chai';
import { matrix, type Matrix } from '../backend/matrix.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { elu } from '../layers/elu.js';
import type { Layer } from '../layers/layer.js';
import { leakyRelu } from '../layers/leaky-relu.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { softmax } from '../layers/softmax.js';
import { tanh } from '../layers/tanh.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { huber } from '../losses/huber.js';
import type { Loss, Targets } from '../losses/loss.js';
import { meanAbsoluteError } from '../losses/mean-absolute-error.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { sequential } from '../model/sequential.js';
import { adam } from '../optim/adam.js';
import { sgd } from '../optim/sgd.js';
import { syntheticBinary } from '../synthetic-binary.test.support.js';
import { fit } from '../train/fit.js';
import { layerwiseEngine } from '../train/gradient-engine.js';
import { ortEngine } from './ort-engine.js';

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 1e-3;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

const { x, y } = syntheticBinary(120, 6, 3);
const y3 = Int32Array.from(y, (v, i) => (v + (i % 3 === 0 ? 1 : 0)) % 3);
const yReg: Matrix = matrix(120, 2, Array.from({ length: 240 }, (_, i) => Math.sin(i) * 2));

interface Case { name: string; layers: () => Layer[]; loss: Loss; y: Targets; weights?: boolean; freezeBn?: boolean }
const cases: Case[] = [
  { name: 'dense-relu-dropout-dense, BCE', layers: () => [dense(16), relu(), dropout(0.3), dense(1)], loss: binaryCrossEntropy(), y },
  { name: 'leakyRelu/sigmoid/tanh, BCE with sample weights', layers: () => [dense(8), leakyRelu({ negativeSlope: 0.1 }), dense(8), sigmoid(), dense(8), tanh(), dense(1)], loss: binaryCrossEntropy(), y, weights: true },
  { name: 'BN (batch stats) + elu + dropout, 3-class CCE with smoothing', layers: () => [dense(8, { useBias: false }), batchNormalization(), elu(), dropout(0.2), dense(3)], loss: categoricalCrossEntropy({ labelSmoothing: 0.1 }), y: y3 },
  { name: 'frozen BN (running stats, not trainable), MSE', layers: () => [dense(8), batchNormalization({ training: false }), relu(), dense(2)], loss: meanSquaredError(), y: yReg, freezeBn: true },
  { name: 'softmax layer inside, MAE', layers: () => [dense(4), softmax(), dense(2)], loss: meanAbsoluteError(), y: yReg },
  { name: 'Huber', layers: () => [dense(8), relu(), dense(2)], loss: huber({ delta: 0.7 }), y: yReg },
];

describe('learn: onnxruntime gradient engine equals the layerwise engine', () => {
  for (const c of cases) {
    it(`${c.name}: same weights after 3 epochs (relative ≤ 1e-4)`, async () => {
      const weights: Float32Array[][] = [];
      const losses: number[][] = [];
      for (const engine of [layerwiseEngine(), ortEngine({ threads: 1 })]) {
        const model = sequential(c.layers(), { inputs: 6, seed: 11 });
        if (c.freezeBn) model.layers[1]!.trainable = false;
        const h = await fit(model, x, c.y, {
          loss: c.loss, optimizer: c.name.includes('Huber') ? sgd({ lr: 0.1, momentum: 0.9 }) : adam({ lr: 0.02 }), epochs: 3, batchSize: 32, seed: 5, engine,
          ...(c.weights ? { sampleWeight: Array.from({ length: 120 }, (_, i) => 0.5 + (i % 4)) } : {}),
        });
        engine.dispose();
        weights.push(model.getWeights() as Float32Array[]);
        losses.push(h.epochs.map((e) => e.loss));
      }
      const [js, ort] = weights as [Float32Array[], Float32Array[]];
      const worst = Math.max(...ort.map((w, i) => relError(w, js[i]!)));
      expect(worst, `worst relative weight error ${worst}`).to.be.at.most(1e-4);
      const moved = relError(js[0]!, sequential(c.layers(), { inputs: 6, seed: 11 }).getWeights()[0]!);
      expect(moved, 'training moved the weights').to.be.greaterThan(1e-3);
      losses[1]!.forEach((l, i) => expect(Math.abs(l - losses[0]![i]!) / losses[0]![i]!).to.be.at.most(1e-4));
    });
  }

  it('predict through ORT equals model.predict (BN running stats, dropout off) in batches', async () => {
    const model = sequential([dense(8), batchNormalization(), relu(), dropout(0.5), dense(3)], { inputs: 6, seed: 2 });
    await fit(model, x, y3, { loss: categoricalCrossEntropy(), optimizer: adam(), epochs: 2, batchSize: 16 });
    const engine = ortEngine({ threads: 1 });
    const got = await engine.predict(model, x, { batchSize: 50 });
    engine.dispose();
    const want = model.predict(x);
    expect(got.rows).to.equal(120);
    expect(relError(got.data, want.data)).to.be.at.most(1e-5);
  });

  it('rejects float64 models with a clear error', async () => {
    const model = sequential([dense(2)], { inputs: 6, dtype: 'float64' });
    const engine = ortEngine();
    let err: unknown;
    try {
      await engine.lossAndGradients(model, matrix(2, 6, new Float64Array(12), 'float64'), Int32Array.of(0, 1), categoricalCrossEntropy(), undefined, { training: true });
    } catch (e) { err = e; }
    engine.dispose();
    expect(String(err)).to.match(/float64/);
  });
});
