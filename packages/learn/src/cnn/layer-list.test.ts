import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { BUILTIN_ARCHITECTURES, builtinArchitecture, checkClassifierOutputs } from './builtin-architectures.js';
import { imageModelFromLayerList } from './layer-list.js';
import { heUniform } from '../init/variance-scaling.js';

const is = (code: string, re: RegExp) => (e: unknown): boolean => isKenobiError(e, code) && re.test((e as Error).message);

describe('cnn/layer-list and built-in architectures', () => {
  it('builds a model from a JSON layer list with the factories\' options and Keras names', () => {
    const m = imageModelFromLayerList([
      { type: 'conv2d', filters: 8, kernelSize: [3, 5], strides: 1, padding: 'same' }, { type: 'batchNormalization', momentum: 0.01 }, { type: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 }, { type: 'spatialDropout2d', rate: 0.1 }, { type: 'globalAveragePooling2d' },
      { type: 'dense', units: 3 }, { type: 'softmax' },
    ], { inputShape: [16, 16, 2], seed: 4 });
    expect(m.layers.map((l) => l.name)).to.deep.equal(['conv2d', 'batch_normalization', 're_lu', 'max_pooling2d', 'spatial_dropout2d', 'global_average_pooling2d', 'dense', 'softmax']);
    expect(m.layers[0]!.params()[0]!.shape).to.deep.equal([8, 2, 3, 5]);
    expect(m.outputShape).to.deep.equal([3]);
    expect(checkClassifierOutputs(m, 3)).to.equal('categoricalCrossEntropy');
    // { inputShape, layers } with the data's shape is accepted
    expect(imageModelFromLayerList({ inputShape: [16, 16, 2], layers: [{ type: 'flatten' }, { type: 'dense', units: 1 }] }, { inputShape: [16, 16, 2] }).outputs).to.equal(1);
  });

  it("takes Keras's activation option on conv2d and dense: the same model as the activation layer written out", () => {
    const shape = { inputShape: [12, 12, 3] as const, seed: 9 };
    const short = imageModelFromLayerList([
      { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 5, activation: 'tanh' },
      { type: 'dense', units: 1, activation: 'sigmoid' }, { type: 'dense', units: 1, activation: 'linear' },
    ], shape);
    const long = imageModelFromLayerList([
      { type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 5 }, { type: 'tanh' },
      { type: 'dense', units: 1 }, { type: 'sigmoid' }, { type: 'dense', units: 1 },
    ], shape);
    expect(short.layers.map((l) => l.name)).to.deep.equal(long.layers.map((l) => l.name));
    expect(short.layers.flatMap((l) => l.params().map((p) => Array.from(p.value)))).to.deep.equal(long.layers.flatMap((l) => l.params().map((p) => Array.from(p.value))));
    expect(() => imageModelFromLayerList([{ type: 'dense', units: 1, activation: 'swish' }], shape)).to.throw().that.satisfies(is('learn/bad-file', /layer 1 \(dense\): unknown activation "swish"/));
    expect(() => imageModelFromLayerList([{ type: 'maxPooling2d', activation: 'relu' }], shape)).to.throw().that.satisfies(is('learn/bad-file', /unknown option 'activation'/));
  });

  it('refuses bad lists with typed errors that name the layer', () => {
    const shape = { inputShape: [16, 16, 1] as const };
    expect(() => imageModelFromLayerList({ layers: 'conv' }, shape)).to.throw().that.satisfies(is('learn/bad-file', /non-empty JSON array/));
    expect(() => imageModelFromLayerList([{ type: 'lstm' }], shape)).to.throw().that.satisfies(is('learn/bad-file', /layer 1: unknown layer type "lstm"/));
    expect(() => imageModelFromLayerList([{ type: 'relu' }, { type: 'dense' }], shape)).to.throw().that.satisfies(is('learn/bad-file', /layer 2 \(dense\): 'units' must be a number/));
    expect(() => imageModelFromLayerList([{ type: 'conv2d', filters: 2, kernelSize: 0 }], shape)).to.throw().that.satisfies(is('learn/bad-file', /'kernelSize' must be a positive integer or \[h, w\]/));
    expect(() => imageModelFromLayerList([{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 'full' }], shape)).to.throw().that.satisfies(is('learn/bad-file', /'padding' must be "valid" or "same"/));
    expect(() => imageModelFromLayerList([{ type: 'flatten', units: 3 }], shape)).to.throw().that.satisfies(is('learn/bad-file', /unknown option 'units'.*takes no options/));
    expect(() => imageModelFromLayerList({ inputShape: [32, 32, 1], layers: [{ type: 'flatten' }] }, shape)).to.throw().that.satisfies(is('learn/shape-mismatch', /\[32,32,1\].*\[16, 16, 1\]/));
    expect(() => imageModelFromLayerList([{ type: 'conv2d', filters: 2, kernelSize: 17 }], shape)).to.throw().that.satisfies(is('learn/shape-mismatch', /does not fit/));
  });

  it('the built-ins: the seeds\' CNN has its 2,332,513 params at 64×64×3; each ends in sigmoid (2 classes) or softmax (K)', () => {
    expect(builtinArchitecture('seeds-cnn', { inputShape: [64, 64, 3], classes: 2 }).countParams()).to.equal(2332513);
    for (const name of BUILTIN_ARCHITECTURES) {
      const two = builtinArchitecture(name, { inputShape: [64, 64, 3], classes: 2, seed: 1 });
      const five = builtinArchitecture(name, { inputShape: [64, 64, 3], classes: 5, seed: 1 });
      expect([two.outputs, two.finalActivation, five.outputs, five.finalActivation], name).to.deep.equal([1, 'sigmoid', 5, 'softmax']);
      expect(checkClassifierOutputs(two, 2), name).to.equal('binaryCrossEntropy');
    }
    expect(builtinArchitecture('vgg11-small', { inputShape: [64, 64, 3], classes: 2 }).layers[0]!.params()[0]!.shape).to.deep.equal([8, 3, 3, 3]); // 64 / 8
    // --init he: he-uniform kernels (limit sqrt(6 / fanIn)) instead of Keras's glorot-uniform, biases still zero
    const he = builtinArchitecture('seeds-cnn', { inputShape: [16, 16, 3], classes: 2, seed: 1, kernelInitializer: heUniform() });
    const k = he.layers[3]!.params()[0]!; // conv2d_1: 64 × 32 × 5 × 5, fan in 800
    const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const max = maxAbs(k.value);
    expect(max).to.be.within(0.95 * Math.sqrt(6 / 800), Math.sqrt(6 / 800));
    expect(maxAbs(builtinArchitecture('seeds-cnn', { inputShape: [16, 16, 3], classes: 2, seed: 1 }).layers[3]!.params()[0]!.value)).to.be.at.most(Math.sqrt(6 / (800 + 1600)));
    expect(() => builtinArchitecture('resnet18', { inputShape: [64, 64, 3], classes: 2 })).to.throw().that.satisfies(is('learn/bad-argument', /unknown architecture 'resnet18'/));
    expect(() => builtinArchitecture('seeds-cnn', { inputShape: [64, 64, 3], classes: 1 })).to.throw().that.satisfies(is('learn/single-class', /at least two classes/));
  });

  it('checkClassifierOutputs says what fits the classes', () => {
    const m = (layers: object[]) => imageModelFromLayerList([{ type: 'flatten' }, ...layers], { inputShape: [4, 4, 1] });
    expect(checkClassifierOutputs(m([{ type: 'dense', units: 2 }, { type: 'softmax' }]), 2)).to.equal('categoricalCrossEntropy');
    expect(() => checkClassifierOutputs(m([{ type: 'dense', units: 1 }, { type: 'softmax' }]), 2)).to.throw().that.satisfies(is('learn/shape-mismatch', /softmax over one output/));
    expect(() => checkClassifierOutputs(m([{ type: 'dense', units: 3 }, { type: 'sigmoid' }]), 3)).to.throw().that.satisfies(is('learn/shape-mismatch', /3 outputs \(sigmoid\); the data have 3 classes/));
    expect(() => checkClassifierOutputs(imageModelFromLayerList([{ type: 'conv2d', filters: 1, kernelSize: 1 }], { inputShape: [4, 4, 1] }), 2)).to.throw().that.satisfies(is('learn/shape-mismatch', /3-d map/));
  });
});
