/**
 * The shared real models (../shared/models, MODELS.json) brought to opset 17: each upgraded model runs on ONNX
 * Runtime CPU with every output within 1e-5 relative of the original on a seeded input (batch 2 where the
 * batch is symbolic); measured: every output bit-identical (the IR-3 files mnist-8 and ResNet-20 included,
 * whose initializers the upgrade takes off the graph inputs so that ORT still folds them as constants). The
 * int8 models are refused with the way to their float32 form, and an old model's gradient graph (mnist-8,
 * opset 8) is checked against float64 finite differences.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { decodeModel, type ModelProto } from '@kenobi/onnx';
import { needShared } from '../../../../test/support/shared.js';
import { upgradeOpset } from '../opset-upgrade.js';
import { checkGradients, seeded } from '../test-support/check-gradients.js';
import { expectUpgradeMatches, opsetOf } from '../test-support/opset/opset-cases.js';

const MODELS: readonly { file: string; opset: number }[] = [
  { file: 'mnist-8.onnx', opset: 8 },
  { file: 'cnn_mnist_pytorch.onnx', opset: 9 },
  { file: 'cifar10-resnet20.onnx', opset: 7 },
  { file: 'mobilenetv2-12-int8.dequantized-fp32.onnx', opset: 12 },
  { file: 'shufflenet-v2-12-int8.dequantized-fp32.onnx', opset: 12 },
  { file: 'densenet121-keras-imagenet.onnx', opset: 13 },
];

const load = (path: string): ModelProto => decodeModel(readFileSync(path), { source: path });

describe('@kenobi/autodiff upgradeOpset on the shared models', function () {
  this.timeout(120_000);

  for (const { file, opset } of MODELS) {
    it(`${file} (opset ${opset}) → 17: the same outputs on ONNX Runtime within 1e-5 relative`, async function () {
      const model = load(needShared(this, `models/${file}`));
      expect(opsetOf(model)).to.equal(opset);
      const { upgraded, error } = await expectUpgradeMatches(model, { seed: 7, batch: 2, lo: 0, hi: 1 });
      expect(opsetOf(upgraded)).to.equal(17);
      expect(error).to.be.at.most(1e-5);
    });
  }

  for (const file of ['mobilenetv2-12-int8.onnx', 'shufflenet-v2-12-int8.onnx']) {
    it(`${file} is refused as a quantized model, with the way to its float32 form`, function () {
      const model = load(needShared(this, `models/${file}`));
      expect(() => upgradeOpset(model, 17)).to.throw().that.satisfies((e: unknown) => {
        if (!isKenobiError(e, 'autodiff/unsupported-op')) throw new Error(`expected autodiff/unsupported-op, got ${String(e)}`);
        expect(e.message).to.match(/the model is quantized: (QuantizeLinear|QLinearConv) node '.+' \(opset 12\) has no gradient/);
        expect(e.hint).to.match(/dequantized derivative/);
        return true;
      });
    });
  }

  it('mnist-8 (opset 8): its gradient graph matches float64 finite differences (conv, FC weight through a Reshape, bias)', async function () {
    const model = load(needShared(this, 'models/mnist-8.onnx'));
    const r = await checkGradients({ model, feeds: { Input3: { data: seeded(784, 3, 0, 1), dims: [1, 1, 28, 28] } }, wrt: ['Parameter5', 'Parameter193', 'Parameter194'] }, { samples: 24 });
    expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
    // NOTE: 1e-4 as every rule test: float32 accumulation in ORT against float64 central differences
    for (const [t, e] of Object.entries(r.relativeError)) expect(e, t).to.be.below(1e-4);
  });
});
