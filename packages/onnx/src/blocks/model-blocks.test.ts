import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { alexnet } from '../architectures/alexnet.js';
import { googlenet } from '../architectures/googlenet.js';
import { lenet5 } from '../architectures/lenet5.js';
import { resnet18, resnet50 } from '../architectures/resnet.js';
import { singleConvModel } from '../architectures/single-conv.js';
import { vgg11, vgg16 } from '../architectures/vgg.js';
import { graphView } from '../graph-view.js';
import { summary } from '../model-summary.js';
import type { ModelProto } from '../onnx-types.js';
import { customCnn, preactResNet, tinyDenseNet, tinyMobileNetV2, tinyShuffleNet } from '../test-support/block-graphs.js';
import { dataflowCuts } from './cut-points.js';
import { modelBlocks, type ModelBlocks } from './model-blocks.js';

const names = (m: ModelBlocks): string[] => m.blocks.map((b) => b.name);
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const stageNames = (prefix: string, counts: readonly number[], from = 1): string[] => counts.flatMap((c, s) => range(c, (i) => `${prefix}${s + from}.${i}`));

function errorOf(f: () => unknown): { code?: string; message: string; details?: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    if (isKenobiError(e)) return { code: e.code, message: e.message, details: e.details as Record<string, unknown> };
    throw e;
  }
  expect.fail('expected a typed error');
}

/** Blocks chain input to output through cut points; indices count from the top; cumulative sums add up. */
function expectConsistent(model: ModelProto, m: ModelBlocks): void {
  const view = graphView(model);
  const cuts = new Set(dataflowCuts(view, m.end).cuts.map((c) => c.tensor));
  expect(m.blocks[0]!.input).to.equal(view.inputs[0]!.name);
  m.blocks.forEach((b, i) => {
    expect(b.index, b.name).to.equal(m.blocks.length - i);
    expect(cuts.has(b.output), `${b.name} ends at a cut point`).to.equal(true);
    if (i > 0) expect(b.input, b.name).to.equal(m.blocks[i - 1]!.output);
    const above = m.blocks.slice(i).reduce((a, x) => a + x.trainableParams, 0);
    expect(b.cumulativeTrainable, b.name).to.equal(above);
  });
  expect(m.blocks[m.blocks.length - 1]!.output).to.equal(m.lastBlockOutput);
  const s = summary(model);
  expect(m.blocks.reduce((a, b) => a + b.params, 0) + m.head.params).to.equal(s.totalParams);
}

describe('@kenobi/onnx modelBlocks: builder graphs of the zoo topologies', () => {
  it('ResNet-50: stem + 16 bottleneck blocks in 4 stages, with torchvision\'s per-stage params', () => {
    const model = resnet50({ materialize: false });
    const m = modelBlocks(model);
    expect(m.family).to.equal('resnet');
    expect(names(m)).to.deep.equal(['conv1', ...stageNames('layer', [3, 4, 6, 3])]);
    expect(m.stages).to.deep.equal([{ name: 'layer1', blocks: 3 }, { name: 'layer2', blocks: 4 }, { name: 'layer3', blocks: 6 }, { name: 'layer4', blocks: 3 }]);
    expect(m.blocks.slice(1).every((b) => b.kind === 'residual' && (b.layers === 3 || (b.layers === 4 && b.name.endsWith('.0'))))).to.equal(true);
    // torchvision resnet50: conv1+bn1 9,536; layer1..4 215,808 / 1,219,584 / 7,098,368 / 14,964,736; fc 2,049,000.
    const trainable = (stage: string): number => m.blocks.filter((b) => b.stage === stage).reduce((a, b) => a + b.trainableParams, 0);
    expect([m.blocks[0]!.trainableParams, trainable('layer1'), trainable('layer2'), trainable('layer3'), trainable('layer4')]).to.deep.equal([9_536, 215_808, 1_219_584, 7_098_368, 14_964_736]);
    expect(m.head.trainableParams).to.equal(2_049_000);
    expect(m.blocks[1]!.outputShape).to.deep.equal(['N', 256, 56, 56]);
    expect(m.blocks[16]).to.include({ index: 1, name: 'layer4.2', output: 'flatten', cumulativeTrainable: 4_462_592 });
    expectConsistent(model, m);
  });

  it('ResNet-18: stem + 8 basic blocks, two per stage', () => {
    const model = resnet18({ width: 0.25, inputSize: 64, materialize: false });
    const m = modelBlocks(model);
    expect(names(m)).to.deep.equal(['conv1', ...stageNames('layer', [2, 2, 2, 2])]);
    expect(m.blocks.map((b) => b.layers)).to.deep.equal([1, 2, 2, 3, 2, 3, 2, 3, 2]);
    expectConsistent(model, m);
  });

  it('VGG-16 and VGG-11: conv stages ending at each pooling, then fc6 and fc7', () => {
    for (const [make, convs] of [[vgg16, [2, 2, 3, 3, 3]], [vgg11, [1, 1, 2, 2, 2]]] as const) {
      const model = make({ width: 0.125, inputSize: 32, materialize: false });
      const m = modelBlocks(model);
      expect(m.family).to.equal('vgg');
      expect(names(m)).to.deep.equal(['block1', 'block2', 'block3', 'block4', 'block5', 'fc6', 'fc7']);
      expect(m.blocks.slice(0, 5).map((b) => b.layers)).to.deep.equal(convs);
      expect(m.blocks.slice(0, 4).map((b) => b.output)).to.deep.equal(['pool1', 'pool2', 'pool3', 'pool4']);
      expectConsistent(model, m);
    }
  });

  it('AlexNet: five conv layers (with their LRN and pooling), fc6, fc7', () => {
    const model = alexnet({ materialize: false, dropout: false });
    const m = modelBlocks(model);
    expect(m.family).to.equal('alexnet');
    expect(names(m)).to.deep.equal(['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7']);
    expect(m.blocks[0]!.outputShape).to.deep.equal(['N', 64, 27, 27]);
    expect(m.blocks[5]!.trainableParams).to.equal(256 * 6 * 6 * 4096 + 4096);
    expectConsistent(model, m);
  });

  it('GoogLeNet: stem convs, 9 inception modules in stages 3, 4 and 5 (with or without LRN)', () => {
    const modules = ['3a', '3b', '4a', '4b', '4c', '4d', '4e', '5a', '5b'].map((id) => `inception_${id}`);
    for (const lrn of [false, true]) {
      const model = googlenet({ width: 0.25, inputSize: 96, lrn, materialize: false });
      const m = modelBlocks(model);
      expect(m.family).to.equal('inception');
      expect(names(m)).to.deep.equal(['conv1', 'conv2', 'conv3', ...modules]);
      expect(m.blocks.filter((b) => b.kind === 'inception')).to.have.length(9);
      expect(m.stages).to.deep.equal([{ name: 'inception_3', blocks: 2 }, { name: 'inception_4', blocks: 5 }, { name: 'inception_5', blocks: 2 }]);
      expectConsistent(model, m);
    }
  });

  it('LeNet-5: two conv layers and the two dense layers before the classifier', () => {
    const model = lenet5();
    const m = modelBlocks(model);
    expect(m.family).to.equal('lenet');
    expect(names(m)).to.deep.equal(['conv1', 'conv2', 'fc1', 'fc2']);
    expect(m.blocks.map((b) => b.trainableParams)).to.deep.equal([156, 2_416, 48_120, 10_164]);
    expectConsistent(model, m);
  });
});

describe('@kenobi/onnx modelBlocks: other topologies, told from structure alone', () => {
  it('ResNet v2 (pre-activation): the BN-ReLU before a block belongs to it; the final BN is post_bn', () => {
    const model = preactResNet();
    const m = modelBlocks(model);
    expect(m.family).to.equal('resnet');
    expect(names(m)).to.deep.equal(['conv1', 'layer1.0', 'layer2.0', 'layer2.1', 'post_bn']);
    expect(m.blocks[4]!.kind).to.equal('norm');
    expectConsistent(model, m);
  });

  it('DenseNet: dense layers per dense block, transitions between them, the final bn', () => {
    const model = tinyDenseNet();
    const m = modelBlocks(model);
    expect(names(m)).to.deep.equal(['conv1', 'conv2_block1', 'conv2_block2', 'conv2_block3', 'pool2', 'conv3_block1', 'conv3_block2', 'bn']);
    expect(m.blocks.map((b) => b.kind)).to.deep.equal(['stem', 'dense-layer', 'dense-layer', 'dense-layer', 'transition', 'dense-layer', 'dense-layer', 'norm']);
    expect(m.stages).to.deep.equal([{ name: 'conv2', blocks: 3 }, { name: 'conv3', blocks: 2 }]);
    expectConsistent(model, m);
  });

  it('MobileNetV2: inverted residuals with and without a skip', () => {
    const model = tinyMobileNetV2();
    const m = modelBlocks(model);
    expect(m.family).to.equal('mobilenetv2');
    expect(names(m)).to.deep.equal(['Conv1', 'expanded_conv', 'block_1', 'block_2', 'Conv_1']);
    expect(m.blocks.map((b) => b.layers)).to.deep.equal([1, 2, 3, 3, 1]);
    expectConsistent(model, m);
  });

  it('ShuffleNet v2: units (Split or two branches, Concat, channel shuffle) in stages', () => {
    const model = tinyShuffleNet();
    const m = modelBlocks(model);
    expect(m.family).to.equal('shufflenet');
    expect(names(m)).to.deep.equal(['conv1', 'stage2.0', 'stage2.1', 'stage3.0', 'conv5']);
    expectConsistent(model, m);
  });

  it('a CNN nobody named gets generic blocks block_<i>', () => {
    const model = customCnn();
    const m = modelBlocks(model);
    expect(m.family).to.equal('generic');
    expect(names(m)).to.deep.equal(['block_1', 'block_2', 'block_3', 'block_4']);
    expect(m.blocks.map((b) => b.kind)).to.deep.equal(['conv', 'conv', 'branch', 'conv']);
    expectConsistent(model, m);
  });

  it('ends the backbone where asked', () => {
    const model = resnet18({ width: 0.25, inputSize: 64, materialize: false });
    const end = modelBlocks(model).blocks[6]!.output;
    const m = modelBlocks(model, { end });
    expect(names(m)).to.deep.equal(['conv1', ...stageNames('layer', [2, 2, 2])]);
    expect(m.end).to.equal(end);
  });
});

describe('@kenobi/onnx modelBlocks: typed errors', () => {
  it('a single Conv has no block boundary', () => {
    const e = errorOf(() => modelBlocks(singleConvModel()));
    expect(e.code).to.equal('onnx/no-block-boundary');
    expect(e.message).to.contain("between 'input' and 'output'");
    expect(e.details).to.deep.equal({ input: 'input', end: 'output' });
  });

  it('an end no node computes from the input has no block boundary; an unknown end lists the nearest names', () => {
    const model = resnet18({ width: 0.25, inputSize: 64, materialize: false });
    expect(errorOf(() => modelBlocks(model, { end: 'conv1.weight' })).code).to.equal('onnx/no-block-boundary');
    const e = errorOf(() => modelBlocks(model, { end: 'flaten' }));
    expect(e.code).to.equal('onnx/unknown-tensor');
    expect(e.details!.nearest as string[]).to.include('flatten');
  });
});
