import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { alexnet } from '../architectures/alexnet.js';
import { googlenet } from '../architectures/googlenet.js';
import { lenet5 } from '../architectures/lenet5.js';
import { resnet18, resnet50 } from '../architectures/resnet.js';
import { vgg16 } from '../architectures/vgg.js';
import { decodeModel, encodeModel } from '../model-codec.js';
import type { ModelProto } from '../onnx-types.js';
import { customCnn, preactResNet, tinyDenseNet, tinyMobileNetV2, tinyShuffleNet } from '../test-support/block-graphs.js';
import { runSplit, runWhole } from '../test-support/run-split.js';
import { maxAbsDiff, seededInput } from '../test-support/shared-models.js';
import { modelBlocks } from './model-blocks.js';
import { splitAtBlock } from './split-at-block.js';

const small = { width: 0.125, numClasses: 7, seed: 5 };
const CASES: [string, () => ModelProto, number[]][] = [
  ['resnet50', () => resnet50({ ...small, inputSize: 64 }), [2, 3, 64, 64]],
  ['resnet18', () => resnet18({ ...small, inputSize: 64 }), [2, 3, 64, 64]],
  ['vgg16', () => vgg16({ ...small, inputSize: 32 }), [2, 3, 32, 32]],
  ['alexnet', () => alexnet({ ...small, inputSize: 64 }), [2, 3, 64, 64]],
  ['googlenet', () => googlenet({ ...small, inputSize: 64, lrn: true }), [2, 3, 64, 64]],
  ['lenet5', () => lenet5({ seed: 5 }), [2, 1, 32, 32]],
  ['ResNet v2 (pre-activation)', preactResNet, [2, 3, 32, 32]],
  ['DenseNet-like', tinyDenseNet, [2, 3, 32, 32]],
  ['MobileNetV2-like', tinyMobileNetV2, [2, 3, 32, 32]],
  ['ShuffleNet-like', tinyShuffleNet, [1, 3, 32, 32]],
  ['custom CNN (generic)', customCnn, [2, 3, 48, 48]],
];

function errorOf(f: () => unknown): { code?: string; message: string; details?: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    if (isKenobiError(e)) return { code: e.code, message: e.message, details: e.details as Record<string, unknown> };
    throw e;
  }
  expect.fail('expected a typed error');
}

describe('@kenobi/onnx splitAtBlock', () => {
  describe('front + back equals the whole model at every block boundary (ORT CPU)', () => {
    for (const [what, make, shape] of CASES) {
      it(what, async function () {
        this.timeout(120_000);
        const model = make();
        const x = seededInput(shape);
        // NOTE: optimisation off on both sides: ORT fuses differently across a split (Conv+Add+ReLU), which moves
        // random-weight logits of magnitude ~100 by ~1e-4; unfused, the composition must match exactly.
        const full = await runWhole(model, x, shape, 'disabled');
        const out = Object.keys(full)[0]!;
        expect(Math.max(...full[out]!.map(Math.abs))).to.be.greaterThan(0);
        const n = modelBlocks(model).blocks.length;
        for (let k = 1; k <= n; k++) {
          const split = splitAtBlock(model, k);
          expect(decodeModel(encodeModel(split.back)).graph!.input!.map((i) => i.name)).to.deep.equal([split.tensor]);
          const got = await runSplit(split, x, shape, 'disabled');
          expect(maxAbsDiff(got[out]!, full[out]!), `${what}, k = ${k} (${split.block.name})`).to.be.at.most(1e-5);
        }
      });
    }
  });

  it('splits at the input of block k from the top: front frozen, back the last k blocks and the head', () => {
    const model = resnet18({ ...small, inputSize: 64 });
    const s = splitAtBlock(model, 3);
    expect(s.block.name).to.equal('layer3.1');
    expect(s.tensor).to.equal(s.block.input);
    expect(s.trainable.map((b) => b.name)).to.deep.equal(['layer3.1', 'layer4.0', 'layer4.1']);
    expect(s.frozen.map((b) => b.name)).to.deep.equal(['conv1', 'layer1.0', 'layer1.1', 'layer2.0', 'layer2.1', 'layer3.0']);
    const backNodes = s.back.graph!.node!.map((n) => n.name);
    expect(backNodes).to.include.members(['layer3.1.conv1', 'layer4.1.conv2', 'logits']);
    expect(backNodes.some((n) => n!.startsWith('layer3.0') || n === 'conv1')).to.equal(false);
    expect(s.front.graph!.output!.map((o) => o.name)).to.deep.equal([s.tensor]);
    expect(s.front.graph!.node!.some((n) => n.name === 'layer3.1.conv1')).to.equal(false);
  });

  it('with k = all blocks the front is one Identity and the back the whole model', () => {
    const model = lenet5({ seed: 5 });
    const s = splitAtBlock(model, 4);
    expect(s.block.name).to.equal('conv1');
    expect(s.front.graph!.node!.map((n) => n.op_type)).to.deep.equal(['Identity']);
    expect(s.tensor).to.not.equal('input');
    expect(s.back.graph!.node!.length).to.equal(model.graph!.node!.length);
    expect(s.frozen).to.deep.equal([]);
  });

  it('refuses a k outside 1..blocks and says how many blocks there are', () => {
    const model = resnet18({ ...small, inputSize: 64, materialize: false });
    for (const k of [0, 10, 2.5, -1]) {
      const e = errorOf(() => splitAtBlock(model, k));
      expect(e.code).to.equal('onnx/block-out-of-range');
      expect(e.message).to.contain('from 1 to 9').and.contain('has 9 blocks').and.contain(`got ${k}`);
      expect(e.details).to.include({ k, blocks: 9, family: 'resnet' });
    }
  });
});
