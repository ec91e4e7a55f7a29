import { expect } from 'chai';
import { SeededRandom, isKenobiError } from '@kenobi/core';
import { encodeModel } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { readExportInfo } from '../export/export-metadata.js';
import { builtinArchitecture } from './builtin-architectures.js';
import { exportImageClassifier } from './image-classifier-export.js';
import { imageArray } from './image-dataset.js';
import { ImageInference } from './image-inference.js';
import { imageModelFromLayerList } from './layer-list.js';

const config = { inputSize: [16, 16] as [number, number], channels: 3, resize: 'exact', crop: 'none', scale: '0-1' as const, mean: [0.1, 0.2, 0.3], std: [0.5, 0.25, 0.125], channelOrder: 'RGB' as const, layout: 'NCHW' };

describe('cnn/image-classifier-export: an image classifier as one ONNX file with kenobi.export metadata', () => {
  it('raw 0–255 pixels in (standardisation in the graph), [1 − p, p] and the last dense layer\'s input out: equal to the model on prepared inputs', async () => {
    const model = builtinArchitecture('lenet5', { inputShape: [16, 16, 3], classes: 2, seed: 2 });
    const proto = exportImageClassifier(model, { classes: ['lens', 'non-lens'], preprocessing: config, inGraph: true, imageStretch: { stretch: 'lupton' }, arch: 'lenet5' });
    const info = readExportInfo(proto);
    expect(info.input).to.deep.include({ name: 'pixels', expects: 'raw-pixels' });
    expect(info.outputs).to.deep.equal({ main: 'probabilities', features: 'features', featureWidth: 84 });
    expect([info.classes, info.image, info.preprocessingInGraph, info.mcDropout.enabled, info.backbone.id]).to.deep.equal([['lens', 'non-lens'], { stretch: 'lupton' }, true, false, 'lenet5']);
    const rng = new SeededRandom(1), n = 5;
    const pixels = Float32Array.from({ length: n * 3 * 256 }, () => rng.int(256));
    const prepared = Float32Array.from(pixels, (v, i) => { const c = Math.floor(i / 256) % 3; return Math.fround(Math.fround(Math.fround(v / 255) - Math.fround(config.mean[c]!)) / Math.fround(config.std[c]!)); });
    const inference = new ImageInference(model, 'cpu', 8);
    const session = await createSession(encodeModel(proto), { device: 'cpu' });
    try {
      const want = (await inference.run(imageArray(prepared, [16, 16, 3]))).output;
      const out = await session.run({ pixels: { data: pixels, dims: [n, 3, 16, 16] } });
      const p = out['probabilities']!.data as Float32Array;
      expect(out['probabilities']!.dims).to.deep.equal([n, 2]);
      expect(out['features']!.dims).to.deep.equal([n, 84]);
      for (let r = 0; r < n; r++) {
        expect(p[2 * r + 1]).to.be.closeTo(want[r]!, 1e-5);
        expect(p[2 * r]! + p[2 * r + 1]!).to.be.closeTo(1, 1e-6);
      }
    } finally {
      await session.dispose();
      await inference.dispose();
    }
  });

  it('softmax classifiers pass their probabilities through; the input stays the prepared one without inGraph; bad class lists are refused', async () => {
    const model = imageModelFromLayerList([{ type: 'flatten' }, { type: 'dense', units: 6 }, { type: 'relu' }, { type: 'dense', units: 3 }, { type: 'softmax' }], { inputShape: [4, 4, 1], seed: 1 });
    const one = { ...config, channels: 1, mean: [0], std: [1], inputSize: [4, 4] as [number, number] };
    const proto = exportImageClassifier(model, { classes: ['a', 'b', 'c'], preprocessing: one });
    expect(proto.graph!.input!.map((i) => i.name)).to.deep.equal(['input']);
    expect(readExportInfo(proto).input.expects).to.equal('normalised');
    const session = await createSession(encodeModel(proto), { device: 'cpu' });
    try {
      const out = await session.run({ input: { data: new Float32Array(2 * 16).fill(0.5), dims: [2, 1, 4, 4] } });
      const p = out['probabilities']!.data as Float32Array;
      expect(p[0]! + p[1]! + p[2]!).to.be.closeTo(1, 1e-6);
      expect(out['features']!.dims).to.deep.equal([2, 6]);
    } finally {
      await session.dispose();
    }
    expect(() => exportImageClassifier(model, { classes: ['a', 'b'], preprocessing: one })).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'learn/export-unsupported'));
  });
});
