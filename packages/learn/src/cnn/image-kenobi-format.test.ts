import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { encodeModel } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { loadModel, readKenobiHeader, saveModel } from '../io/kenobi-format.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { relu } from '../layers/relu.js';
import { softmax } from '../layers/softmax.js';
import { sequential } from '../model/sequential.js';
import { noiseImages } from '../test-support/image-sets.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { globalAveragePooling2d } from './global-average-pooling2d.js';
import { loadImageModel, saveImageModel } from './image-kenobi-format.js';
import { imageModel } from './image-model.js';
import { exportImageModel, IMAGE_EXPORT_KEY, type ImageExportInfo } from './image-onnx-export.js';
import { ImageTrainer } from './image-trainer.js';
import { maxPooling2d } from './pooling2d.js';

const layers = () => [
  conv2d(4, 3, { padding: 'same' }), batchNormalization(), relu(), maxPooling2d(), conv2d(6, 3, { strides: 2 }), relu(),
  globalAveragePooling2d(), dropout(0.5), dense(3), softmax(),
];

async function trainedModel(): Promise<{ trainer: ImageTrainer; data: ReturnType<typeof noiseImages> }> {
  const data = noiseImages(24, [12, 12, 3], 2);
  const trainer = await ImageTrainer.create(imageModel(layers(), { inputShape: [12, 12, 3], seed: 5 }), { loss: 'categoricalCrossEntropy', batchSize: 8, threads: 1 });
  await trainer.fit(data, { epochs: 1 });
  return { trainer, data };
}

describe('cnn/image-kenobi-format and export: trained image models leave as .kenobi and ONNX', () => {
  it('saves and loads a trained model bit-exactly (weights, running statistics, spec, metadata)', async () => {
    const { trainer, data } = await trainedModel();
    try {
      const bytes = saveImageModel(trainer.model, { classes: ['a', 'b', 'c'] });
      const { model, metadata } = loadImageModel(bytes);
      expect(metadata).to.deep.equal({ classes: ['a', 'b', 'c'] });
      expect(model.spec()).to.deep.equal(trainer.model.spec());
      expect(model.getWeights()).to.deep.equal(trainer.model.getWeights());
      expect(model.buffers()[1]!.value.some((v) => v !== 1)).to.equal(true); // running_var moved during training
      const other = await ImageTrainer.create(model, { loss: 'categoricalCrossEntropy', threads: 1 });
      try {
        expect(await other.predict(data.images)).to.deep.equal(await trainer.predict(data.images));
      } finally {
        await other.dispose();
      }
    } finally {
      await trainer.dispose();
    }
  });

  it('exports the forward graph as ONNX with per-layer initializers; onnxruntime gives the trainer\'s predictions', async () => {
    const { trainer, data } = await trainedModel();
    try {
      const proto = exportImageModel(trainer.model, { classes: ['a', 'b', 'c'] });
      const names = proto.graph!.initializer!.map((t) => t.name);
      expect(names).to.include.members(['conv2d/kernel', 'conv2d/bias', 'batch_normalization/running_var', 'dense/kernel']);
      const info = JSON.parse(proto.metadata_props!.find((p) => p.key === IMAGE_EXPORT_KEY)!.value!) as ImageExportInfo;
      expect(info.input).to.deep.include({ name: 'input', layout: 'NCHW' });
      expect(info.output).to.deep.equal({ name: 'output', outputs: 3, activation: 'softmax' });
      const session = await createSession(encodeModel(proto), { device: 'cpu' });
      try {
        const x = new Float32Array(24 * 3 * 144);
        await data.images.read(Int32Array.from({ length: 24 }, (_, i) => i), x);
        const y = (await session.run({ input: { data: x, dims: [24, 3, 12, 12] } }))['output']!.data as Float32Array;
        const want = await trainer.predict(data.images);
        expect(y.length).to.equal(want.length);
        y.forEach((v, i) => expect(v).to.be.closeTo(want[i]!, 1e-6));
        for (let r = 0; r < 24; r++) expect(y[3 * r]! + y[3 * r + 1]! + y[3 * r + 2]!).to.be.closeTo(1, 1e-5);
      } finally {
        await session.dispose();
      }
    } finally {
      await trainer.dispose();
    }
  });

  it('keeps head files loading, and tells head and image files apart with learn/bad-file', () => {
    const head = sequential([dense(3), relu(), dense(1)], { inputs: 4, seed: 1 });
    const headBytes = saveModel(head);
    expect(loadModel(headBytes).model.getWeights()).to.deep.equal(head.getWeights());
    const imageBytes = saveImageModel(imageModel([flatten(), dense(2)], { inputShape: [2, 2, 1] }));
    const badFile = (f: () => unknown, pattern: RegExp): void => {
      expect(f).to.throw(pattern).that.satisfies((e: unknown) => isKenobiError(e, 'learn/bad-file'));
    };
    badFile(() => loadModel(imageBytes), /holds an image model/);
    badFile(() => readKenobiHeader(imageBytes), /holds an image model/);
    badFile(() => loadImageModel(headBytes), /format 'kenobi-head', not an image model/);
    badFile(() => loadImageModel(imageBytes.subarray(0, imageBytes.length - 3)), /runs past the end/);
  });
});
