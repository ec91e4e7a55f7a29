import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { matrix } from '../backend/matrix.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { blobsAndRings, noiseImages, weightBytes } from '../test-support/image-sets.js';
import { stepRandom } from './step-random.js';
import { conv2d } from './conv2d.js';
import { drawDropoutMasks } from './dropout-masks.js';
import { flatten } from './flatten.js';
import { imageArray } from './image-dataset.js';
import type { TrainingEvent } from './image-fit.js';
import { imageModel } from './image-model.js';
import { ImageTrainer } from './image-trainer.js';
import { maxPooling2d } from './pooling2d.js';
import { spatialDropout2d } from './spatial-dropout2d.js';
import type { ImageTrainerOptions } from './trainer-options.js';

/** A small CNN with every training-mode layer: batch norm, spatial and plain dropout. */
function smallCnn(seed: number): ReturnType<typeof imageModel> {
  return imageModel([
    conv2d(4, 3, { padding: 'same' }), batchNormalization(), relu(), spatialDropout2d(0.2), maxPooling2d(),
    conv2d(6, 2), relu(), flatten(), dropout(0.3), dense(8), relu(), dense(1), sigmoid(),
  ], { inputShape: [12, 12, 2], seed });
}

async function trained(seed: number, options: Partial<ImageTrainerOptions> = {}): Promise<{ bytes: string; history: number[] }> {
  const model = smallCnn(3);
  const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', batchSize: 8, seed, threads: 1, ...options });
  try {
    const r = await trainer.fit(noiseImages(28, [12, 12, 2], 5), { epochs: 2 });
    return { bytes: weightBytes(model), history: r.history.map((h) => h.loss) };
  } finally {
    await trainer.dispose();
  }
}

describe('cnn/image-trainer: training image models on onnxruntime', () => {
  it('learns bright blobs vs rings (16×16) to high accuracy on a held-out set drawn with another seed', async () => {
    const train = blobsAndRings(400, 16, 1), test = blobsAndRings(200, 16, 2);
    const model = imageModel([
      conv2d(8, 3, { padding: 'same' }), relu(), maxPooling2d(), conv2d(8, 3, { padding: 'same' }), relu(), maxPooling2d(),
      flatten(), dropout(0.25), dense(1), sigmoid(),
    ], { inputShape: [16, 16, 1], seed: 1 });
    const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', optimizer: { name: 'adam', lr: 0.01 }, seed: 1, threads: 1 });
    try {
      const before = await trainer.evaluate(test);
      const { history } = await trainer.fit(train, { epochs: 5, validation: test });
      const after = await trainer.evaluate(test);
      expect(after.accuracy).to.be.at.least(0.95);
      expect(after.loss).to.be.below(before.loss / 4);
      expect(history.map((h) => h.metrics['val_accuracy'])).to.have.length(5);
      expect(history[4]!.valLoss).to.be.closeTo(after.loss, 1e-12);
      const p = await trainer.predict(test.images);
      expect(p).to.have.length(200);
      expect([...p].every((v) => v >= 0 && v <= 1)).to.equal(true); // the sigmoid output: probabilities
      expect(p.filter((v, i) => (v > 0.5) === ((test.labels as Int32Array)[i] === 1)).length).to.be.at.least(190);
    } finally {
      await trainer.dispose();
    }
  });

  it('gives bit-identical weights for the same seed (dropout, spatial dropout and batch norm active) and different ones for another', async () => {
    const a = await trained(11), b = await trained(11), c = await trained(12);
    expect(a.bytes).to.equal(b.bytes);
    expect(a.history).to.deep.equal(b.history);
    expect(c.bytes).to.not.equal(a.bytes);
  });

  it('reports progress after every batch and epoch, as plain data', async () => {
    const trainer = await ImageTrainer.create(smallCnn(1), { loss: 'binaryCrossEntropy', batchSize: 8, threads: 1 });
    const events: TrainingEvent[] = [];
    try {
      await trainer.fit(noiseImages(20, [12, 12, 2], 1), { epochs: 2, onProgress: (e) => { events.push(structuredClone(e)); } });
    } finally {
      await trainer.dispose();
    }
    expect(events.map((e) => (e.kind === 'batch' ? `b${e.epoch}.${e.batch}/${e.batches}` : `e${e.logs.epoch}`))).to.deep.equal(['b0.0/3', 'b0.1/3', 'b0.2/3', 'e0', 'b1.0/3', 'b1.1/3', 'b1.2/3', 'e1']);
    const timings = trainer.timings();
    expect(timings.steps).to.equal(6);
    expect(timings.ms.run).to.be.above(0);
  });

  it('rejects a wrong label count, labels out of range, one class and mismatched images with typed errors', async () => {
    const trainer = await ImageTrainer.create(smallCnn(1), { loss: 'binaryCrossEntropy', batchSize: 8 });
    try {
      const data = noiseImages(10, [12, 12, 2], 1);
      const labels = data.labels as Int32Array;
      const cases: [unknown, string, RegExp][] = [
        [{ ...data, labels: labels.subarray(0, 9) }, 'learn/shape-mismatch', /9 labels for 10 images/],
        [{ ...data, labels: Int32Array.from(labels, (v) => v * 2) }, 'learn/bad-argument', /not a class index in \[0, 2\)/],
        [{ ...data, labels: new Int32Array(10) }, 'learn/single-class', /only one class/],
        [{ ...data, labels: matrix(10, 2, new Float32Array(20)) }, 'learn/shape-mismatch', /10 × 2; expected 10 × 1/],
        [noiseImages(10, [12, 11, 2], 1), 'learn/shape-mismatch', /images are 12×11×2; the model takes 12×12×2/],
      ];
      for (const [bad, code, message] of cases) {
        const e = await trainer.fit(bad as never, { epochs: 1 }).then(() => expect.fail('fit accepted bad data'), (err: unknown) => err);
        expect(isKenobiError(e, code), String(e)).to.equal(true);
        expect((e as Error).message).to.match(message);
      }
    } finally {
      await trainer.dispose();
    }
  });

  it('refuses models it cannot train: image-shaped outputs, nothing trainable, bad options', async () => {
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [() => ImageTrainer.create(imageModel([conv2d(2, 3)], { inputShape: [8, 8, 1] }), { loss: 'meanSquaredError' }), 'learn/shape-mismatch', /ends in \(None, 6, 6, 2\)/],
      [() => { const m = imageModel([flatten(), dense(1)], { inputShape: [2, 2, 1] }); m.layers[1]!.trainable = false; return ImageTrainer.create(m, { loss: 'meanSquaredError' }); }, 'learn/bad-argument', /no trainable params/],
      [() => ImageTrainer.create(smallCnn(1), { loss: 'hinge' as 'meanSquaredError' }), 'learn/bad-argument', /unknown image loss/],
      [() => ImageTrainer.create(smallCnn(1), { loss: 'binaryCrossEntropy', batchSize: 0 }), 'learn/bad-argument', /batchSize/],
      [() => ImageTrainer.create(smallCnn(1), { loss: 'binaryCrossEntropy', optimizer: { name: 'lion' } as never }), 'learn/bad-argument', /unknown optimizer/],
    ];
    for (const [f, code, message] of cases) {
      const e = await f().then(() => expect.fail('accepted'), (err: unknown) => err);
      expect(isKenobiError(e, code), String(e)).to.equal(true);
      expect((e as Error).message).to.match(message);
    }
  });

  it('leaves frozen layers alone (trainable = false when the trainer is created) and trains the rest', async () => {
    const model = smallCnn(2);
    model.layers[0]!.trainable = false;
    const before = model.getWeights();
    const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', batchSize: 8, threads: 1 });
    try {
      expect(trainer.trainable.map((p) => p.name)).to.not.include('conv2d/kernel');
      await trainer.fit(noiseImages(16, [12, 12, 2], 4), { epochs: 1 });
    } finally {
      await trainer.dispose();
    }
    const after = model.getWeights();
    const names = [...model.params(), ...model.buffers()].map((p) => p.name);
    names.forEach((name, i) => {
      if (name.startsWith('conv2d/')) expect(after[i], name).to.deep.equal(before[i]);
      else expect(after[i], name).to.not.deep.equal(before[i]);
    });
  });

  it("takes the step's dropout masks from the caller: the seeded draw supplied gives the same bits, other masks other weights", async () => {
    const data = noiseImages(16, [12, 12, 2], 6);
    const run = async (masks: 'seeded' | 'supplied' | 'keep-all'): Promise<{ bytes: string; names: string[] }> => {
      const model = smallCnn(4);
      const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', batchSize: 8, seed: 5, threads: 1 });
      try {
        for (let b = 0; b < 2; b++) {
          const idx = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => i + 8 * b);
          const ports = trainer.dropoutMasks;
          const given = masks === 'supplied' ? drawDropoutMasks(ports, 8, 8, stepRandom(5, 'dropout', 0, b), new Map())
            : ports.map((m) => new Float32Array(8 * m.dims.reduce((x, y) => x * y, 1)).fill(1));
          await trainer.step(data, idx, 0, b, masks === 'seeded' ? {} : { masks: Object.fromEntries(ports.map((m, k) => [m.name, given[k]!])) });
        }
        return { bytes: weightBytes(model), names: trainer.dropoutMasks.map((m) => m.name) };
      } finally {
        await trainer.dispose();
      }
    };
    const seeded = await run('seeded'), supplied = await run('supplied'), keepAll = await run('keep-all');
    expect(seeded.names).to.deep.equal(['spatial_dropout2d/mask', 'dropout/mask']);
    expect(supplied.bytes).to.equal(seeded.bytes);
    expect(keepAll.bytes).to.not.equal(seeded.bytes);
  });

  it('reads NHWC images (Keras layout) the same as NCHW', async () => {
    const nchw = noiseImages(4, [3, 2, 2], 3);
    const data = new Float32Array(4 * 12);
    await nchw.images.read([0, 1, 2, 3], data);
    const nhwc = new Float32Array(48);
    for (let i = 0; i < 4; i++) for (let c = 0; c < 2; c++) for (let p = 0; p < 6; p++) nhwc[i * 12 + p * 2 + c] = data[i * 12 + c * 6 + p]!;
    const out = new Float32Array(48);
    await imageArray(nhwc, [3, 2, 2], { layout: 'nhwc' }).read([0, 1, 2, 3], out);
    expect(out).to.deep.equal(data);
  });
});
