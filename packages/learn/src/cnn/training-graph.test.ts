import { expect } from 'chai';
import { matrix, type Matrix } from '../backend/matrix.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import type { Layer } from '../layers/layer.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { softmax } from '../layers/softmax.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import type { Loss, Targets } from '../losses/loss.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { sequential } from '../model/sequential.js';
import { layerwiseEngine } from '../train/gradient-engine.js';
import { SeededRandom } from '@kenobi/core';
import { flatten } from './flatten.js';
import { imageArray } from './image-dataset.js';
import type { ImageLossName } from './image-loss.js';
import { imageModel } from './image-model.js';
import { ImageTrainer } from './image-trainer.js';
import { conv2d } from './conv2d.js';
import { maxPooling2d } from './pooling2d.js';

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 1e-3;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

// NOTE: the layerwise engine is the package's reference (PyTorch parity fixtures); a flatten-first image model
// computes the same function on the same flat vector (NCHW order), so loss, gradients and batch-norm running
// statistics must agree to float32 rounding.
const n = 12, shape = [2, 3, 2] as const, features = 12;
const rng = new SeededRandom(4);
const pixels = Float32Array.from({ length: n * features }, () => rng.normal());
const labels2 = Int32Array.from({ length: n }, (_, i) => (i * 7) % 2);
const labels3 = Int32Array.from({ length: n }, (_, i) => (i * 5) % 3);
const values: Matrix = matrix(n, 2, Array.from({ length: n * 2 }, (_, i) => Math.sin(i)));
const weights = Array.from({ length: n }, (_, i) => 0.5 + (i % 4) / 4);

interface Case { name: string; loss: ImageLossName; ts: Loss; head: () => Layer[]; y: Targets; weighted?: boolean; smoothing?: number }
const cases: Case[] = [
  { name: 'binary cross-entropy, sigmoid output trained on its logits', loss: 'binaryCrossEntropy', ts: binaryCrossEntropy(), head: () => [dense(5), relu(), dense(1), sigmoid()], y: labels2 },
  { name: 'binary cross-entropy with sample weights and batch norm (batch statistics)', loss: 'binaryCrossEntropy', ts: binaryCrossEntropy(), head: () => [dense(5), batchNormalization(), relu(), dense(1)], y: labels2, weighted: true },
  { name: 'categorical cross-entropy with label smoothing, softmax output', loss: 'categoricalCrossEntropy', ts: categoricalCrossEntropy({ labelSmoothing: 0.1 }), head: () => [dense(4), relu(), dense(3), softmax()], y: labels3, smoothing: 0.1 },
  { name: 'mean squared error, two outputs', loss: 'meanSquaredError', ts: meanSquaredError(), head: () => [dense(4), relu(), dense(2)], y: values },
];

describe('cnn/training-graph: forward + loss differentiated by @kenobi/autodiff', () => {
  for (const c of cases) {
    it(`${c.name}: loss, gradients and running statistics equal the layerwise engine's`, async () => {
      const head = c.head();
      const model = imageModel([flatten(), ...head], { inputShape: shape, seed: 3 });
      // the reference drops the final sigmoid/softmax: the TS losses take logits
      const refLayers = c.head().slice(0, model.finalActivation ? -1 : undefined);
      const ref = sequential(refLayers, { inputs: features, seed: 3 });
      ref.setWeights(model.getWeights());
      const data = { images: imageArray(pixels, shape), labels: c.y, ...(c.weighted ? { weights } : {}) };
      const trainer = await ImageTrainer.create(model, { loss: c.loss, batchSize: n, optimizer: { name: 'sgd', lr: 0 }, labelSmoothing: c.smoothing ?? 0 });
      try {
        const all = Int32Array.from({ length: n }, (_, i) => i);
        const { loss } = await trainer.step(data, all, 0, 0);
        const refLoss = await layerwiseEngine().lossAndGradients(ref, matrix(n, features, pixels), c.y, c.ts, c.weighted ? weights : undefined, { training: true });
        expect(Math.abs(loss - refLoss) / Math.abs(refLoss)).to.be.below(1e-5);
        const got = model.params(), want = ref.params();
        expect(got.map((p) => p.name)).to.have.length(want.length);
        got.forEach((p, i) => expect(relError(p.grad, want[i]!.grad), p.name).to.be.below(1e-4));
        const gb = model.buffers(), wb = ref.buffers();
        gb.forEach((b, i) => expect(relError(b.value, wb[i]!.value), b.name).to.be.below(1e-5));
      } finally {
        await trainer.dispose();
      }
    });
  }

  it('a batch norm pinned to running statistics trains gamma/beta, keeps its statistics, and matches the inference forward', async () => {
    const bn = batchNormalization({ training: false });
    const model = imageModel([conv2d(3, 3, { padding: 'same' }), bn, relu(), maxPooling2d(), flatten(), dense(1)], { inputShape: [6, 6, 2], seed: 2 });
    const [mean, variance] = model.buffers();
    mean!.value.set([0.3, -0.2, 0.1]);
    variance!.value.set([2, 0.5, 1.5]);
    const images = new Float32Array(8 * 72).map((_, i) => Math.sin(i * 0.37));
    const data = { images: imageArray(images, [6, 6, 2]), labels: Int32Array.from({ length: 8 }, (_, i) => i % 2) };
    const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', batchSize: 8, optimizer: { name: 'sgd', lr: 0 } });
    try {
      const { loss } = await trainer.step(data, Int32Array.from({ length: 8 }, (_, i) => i), 0, 0);
      const evaluated = await trainer.evaluate(data);
      expect(Math.abs(loss - evaluated.loss) / evaluated.loss).to.be.below(1e-6);
      expect([...mean!.value]).to.deep.equal([...Float32Array.of(0.3, -0.2, 0.1)]);
      expect([...variance!.value]).to.deep.equal([2, 0.5, 1.5]);
      expect(bn.params().every((p) => p.grad.some((g) => g !== 0))).to.equal(true);
    } finally {
      await trainer.dispose();
    }
  });

  it('differentiates convolutions and pools through the autodiff rules (Conv, MaxPool in the graph)', async () => {
    const model = imageModel([conv2d(2, 3, { padding: 'same' }), relu(), maxPooling2d(), flatten(), dense(1)], { inputShape: [6, 6, 1], seed: 1 });
    const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy' });
    try {
      expect(trainer.differentiatedOps).to.include.members(['Conv', 'MaxPool', 'Flatten', 'Gemm']);
    } finally {
      await trainer.dispose();
    }
  });
});
