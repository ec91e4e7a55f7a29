/**
 * An opset-3 CNN (caffe2 style: Conv, Add with broadcast at axis 1, BatchNormalization is_test, Relu, MaxPool,
 * Concat-1, Dropout is_test, Reshape-1, Gemm broadcast, Clip-6, Softmax), upgraded, then differentiated by
 * buildGradientGraph: every weight gradient within 1e-4 of float64 central differences of the reference
 * interpreter (float32 accumulation in ORT against float64 differences, as every rule test), on ORT CPU and
 * WASM, and the loss within 1e-5 of the reference's. The rewritten nodes (Unsqueeze before the Add, Reshape's
 * shape input, Clip's bound inputs) sit on the trainable path. (The reference interpreter runs the upgraded graph:
 * it does not read opset-1 attributes; the upgraded graph itself is checked against ORT in upgrade-graph.test.ts.)
 */
import { expect } from 'chai';
import { floatAttr, type ModelProto } from '@kenobi/onnx';
import { upgradeOpset } from '../opset-upgrade.js';
import { checkGradients, seeded } from '../test-support/check-gradients.js';
import { node, tinyModel, weight } from '../test-support/opset/opset-cases.js';

function caffe2Net(): ModelProto {
  return tinyModel({
    opset: 3,
    nodes: [
      node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, 'conv'),
      node('Add', ['c', 'cb'], ['a'], { broadcast: 1, axis: 1 }, 'bias'),
      node('BatchNormalization', ['a', 's', 'bb', 'm', 'v'], ['n'], { is_test: 1, spatial: 1, consumed_inputs: [0, 0, 0, 1, 1] }, 'bn'),
      node('Relu', ['n'], ['r'], { consumed_inputs: [0] }, 'relu'),
      node('MaxPool', ['r'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }, 'pool'),
      node('Concat', ['p', 'p'], ['cat'], {}, 'cat'),
      node('Dropout', ['cat'], ['d'], { is_test: 1, ratio: floatAttr(0.5) }, 'drop'),
      node('Reshape', ['d'], ['f'], { shape: [0, -1] }, 'flat'),
      node('Gemm', ['f', 'fw', 'fb'], ['g'], { broadcast: 1, transB: 1 }, 'fc'),
      node('Clip', ['g'], ['k'], { min: floatAttr(-2), max: floatAttr(2) }, 'clip'),
      node('Softmax', ['k'], ['y'], {}, 'softmax'),
    ],
    inputs: { x: [2, 3, 4, 4] },
    initializers: [weight('w', [4, 3, 3, 3], 1), weight('cb', [4], 2), weight('s', [4], 3, 0.5, 1.5), weight('bb', [4], 4), weight('m', [4], 5), weight('v', [4], 6, 0.5, 1.5), weight('fw', [5, 32], 7), weight('fb', [5], 8)],
  });
}

describe('@kenobi/autodiff gradients of an upgraded opset-3 CNN', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`every weight gradient within 1e-4 of float64 finite differences [${backend}]`, async () => {
      const model = upgradeOpset(caffe2Net(), 17);
      const r = await checkGradients({ model, feeds: { x: { data: seeded(96, 9), dims: [2, 3, 4, 4] } }, wrt: ['w', 'cb', 's', 'bb', 'fw', 'fb'] }, { backend });
      expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
      for (const [t, e] of Object.entries(r.relativeError)) expect(e, t).to.be.below(1e-4);
    });
  }
});
