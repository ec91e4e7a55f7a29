import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { encodeModel } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { constant } from '../init/variance-scaling.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { globalAveragePooling2d } from './global-average-pooling2d.js';
import { imageModelFromSpec } from './image-layer-registry.js';
import { imageModel, type ImageModelLayer } from './image-model.js';
import { exportImageModel } from './image-onnx-export.js';
import { averagePooling2d, maxPooling2d } from './pooling2d.js';
import { spatialDropout2d } from './spatial-dropout2d.js';

/** The CNN of Dominguez-Sánchez+18 (../shared/seeds/004_*), every convolution 'same'. */
function seedsCnn(): ImageModelLayer[] {
  const same = { padding: 'same' as const };
  return [
    conv2d(32, 6, same), relu(), dropout(0.5),
    conv2d(64, 5, same), relu(), maxPooling2d(2), dropout(0.25),
    conv2d(128, 2, same), relu(), maxPooling2d(2), dropout(0.25),
    conv2d(128, 3, same), relu(), dropout(0.25),
    flatten(), dense(64), relu(), dropout(0.5), dense(1), sigmoid(),
  ];
}

function expectLearnError(f: () => unknown, code: string, pattern: RegExp): void {
  expect(f).to.throw(pattern).that.satisfies((e: unknown) => isKenobiError(e, code));
}

describe('cnn/image-model: Keras-named layers, shapes, parameter count, summary', () => {
  it("counts the seeds' CNN at 64×64×3 as Keras does: 2,332,513 parameters", () => {
    const model = imageModel(seedsCnn(), { inputShape: [64, 64, 3], seed: 1 });
    expect(model.countParams()).to.equal(2_332_513);
    expect(model.countParams(true)).to.equal(2_332_513);
    expect(model.outputShape).to.deep.equal([1]);
    // per layer, Keras: 6·6·3·32 + 32, 5·5·32·64 + 64, 2·2·64·128 + 128, 3·3·128·128 + 128, 32768·64 + 64, 64 + 1
    const counts = model.layers.map((l) => l.params().reduce((s, p) => s + p.value.length, 0)).filter((c) => c > 0);
    expect(counts).to.deep.equal([3488, 51264, 32896, 147584, 2097216, 65]);
  });

  it('prints the summary in the tf.keras layout with channels-last shapes', () => {
    const text = imageModel(seedsCnn(), { inputShape: [64, 64, 3], seed: 1 }).summary().split('\n');
    expect(text[0]).to.equal('Model: "sequential"');
    expect(text[2]).to.equal('Layer (type)                 Output Shape              Param #');
    expect(text).to.include('conv2d (Conv2D)              (None, 64, 64, 32)        3488');
    expect(text).to.include('max_pooling2d_1 (MaxPooling2 (None, 16, 16, 128)       0');
    expect(text).to.include('flatten (Flatten)            (None, 32768)             0');
    expect(text).to.include('dense (Dense)                (None, 64)                2097216');
    expect(text).to.include('activation (Activation)      (None, 1)                 0');
    expect(text.slice(-4)).to.deep.equal(['Total params: 2,332,513', 'Trainable params: 2,332,513', 'Non-trainable params: 0', '_'.repeat(65)]);
  });

  it('counts batch-norm statistics as non-trainable, as Keras', () => {
    const model = imageModel([conv2d(8, 3), batchNormalization(), relu(), globalAveragePooling2d(), dense(2)], { inputShape: [16, 16, 3] });
    expect(model.countParams()).to.equal(3 * 3 * 3 * 8 + 8 + 4 * 8 + 8 * 2 + 2);
    expect(model.summary()).to.contain('Non-trainable params: 16');
  });

  it("pads 'same' like TensorFlow: the odd pixel of an even kernel at the end", async () => {
    const model = imageModel([conv2d(1, 2, { padding: 'same', kernelInitializer: constant(1), useBias: false }), flatten()], { inputShape: [4, 4, 1] });
    const session = await createSession(encodeModel(exportImageModel(model)), { device: 'cpu' });
    try {
      const x = Float32Array.from({ length: 16 }, (_, i) => i);
      const y = (await session.run({ input: { data: x, dims: [1, 1, 4, 4] } }))['output']!.data as Float32Array;
      // out[i][j] = x[i][j] + x[i][j+1] + x[i+1][j] + x[i+1][j+1], zeros past the bottom/right edge
      const want = Array.from({ length: 16 }, (_, k) => {
        const i = Math.floor(k / 4), j = k % 4;
        let s = 0;
        for (const [di, dj] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) if (i + di < 4 && j + dj < 4) s += x[(i + di) * 4 + j + dj]!;
        return s;
      });
      expect(Array.from(y)).to.deep.equal(want);
    } finally {
      await session.dispose();
    }
  });

  it('infers Keras output sizes for strides, dilation, valid/same and pools (strides default to the pool size)', () => {
    const model = imageModel([
      conv2d(4, 3, { strides: 2, padding: 'same' }), conv2d(4, 3, { dilationRate: 2 }), maxPooling2d(3, { strides: 1 }),
      averagePooling2d(2, { padding: 'same' }), conv2d(6, [1, 3], { groups: 2 }), spatialDropout2d(0.1),
    ], { inputShape: [31, 30, 2] });
    expect(model.layers.map((l) => l.outputShape)).to.deep.equal([[4, 16, 15], [4, 12, 11], [4, 10, 9], [4, 5, 5], [6, 5, 3], [6, 5, 3]]);
  });

  it('draws the same weights from the same seed, different ones from another, and rebuilds from its spec', () => {
    const a = imageModel(seedsCnn(), { inputShape: [32, 32, 3], seed: 9 });
    const b = imageModel(seedsCnn(), { inputShape: [32, 32, 3], seed: 9 });
    const c = imageModel(seedsCnn(), { inputShape: [32, 32, 3], seed: 10 });
    expect(a.getWeights()).to.deep.equal(b.getWeights());
    expect(a.getWeights()[0]).to.not.deep.equal(c.getWeights()[0]);
    const back = imageModelFromSpec(JSON.parse(JSON.stringify(a.spec())));
    expect(back.getWeights()).to.deep.equal(a.getWeights());
    expect(back.summary()).to.equal(a.summary());
  });

  it('draws glorot-uniform kernels within Keras limits sqrt(6 / (fanIn + fanOut)) and zero biases', () => {
    const model = imageModel([conv2d(16, 5)], { inputShape: [8, 8, 3], seed: 2 });
    const [kernel, bias] = model.params();
    const limit = Math.sqrt(6 / (5 * 5 * 3 + 5 * 5 * 16));
    const max = Math.max(...Array.from(kernel!.value, Math.abs));
    expect(max).to.be.below(limit).and.above(0.9 * limit);
    expect(kernel!.shape).to.deep.equal([16, 3, 5, 5]);
    expect([...bias!.value].every((v) => v === 0)).to.equal(true);
  });

  it('rejects an input too small for a convolution with a typed error naming the layer', () => {
    expectLearnError(() => imageModel([conv2d(8, 3), maxPooling2d(), conv2d(8, 5)], { inputShape: [10, 10, 1] }), 'learn/shape-mismatch', /conv2d_1: a 5×5 window .* 4×4 input: the output would be 0×0/);
    expectLearnError(() => imageModel([conv2d(8, 7)], { inputShape: [6, 6, 1] }), 'learn/shape-mismatch', /output would be 0×0/);
  });

  it('rejects bad layer options and misplaced layers with typed errors', () => {
    expectLearnError(() => conv2d(0, 3), 'learn/bad-argument', /filters/);
    expectLearnError(() => conv2d(8, [3, 3, 3] as unknown as number), 'learn/bad-argument', /kernelSize/);
    expectLearnError(() => conv2d(8, 3, { padding: 'full' as 'same' }), 'learn/bad-argument', /padding/);
    expectLearnError(() => conv2d(8, 3, { groups: 3 }), 'learn/bad-argument', /groups/);
    expectLearnError(() => imageModel([dense(4)], { inputShape: [4, 4, 1] }), 'learn/shape-mismatch', /dense needs flat features/);
    expectLearnError(() => imageModel([flatten(), conv2d(2, 1)], { inputShape: [4, 4, 1] }), 'learn/shape-mismatch', /needs an image input/);
    expectLearnError(() => imageModel([conv2d(2, 1)], { inputShape: [4, 4] }), 'learn/bad-argument', /inputShape/);
    expectLearnError(() => imageModel([conv2d(2, 1, { name: 'a' }), conv2d(2, 1, { name: 'a' })], { inputShape: [4, 4, 1] }), 'learn/bad-argument', /two layers are named a/);
  });
});
