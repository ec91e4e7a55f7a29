import { expect } from 'chai';
import { graphView } from '../graph-view.js';
import { loadModelFile } from '../model-file.node.js';
import { summary } from '../model-summary.js';
import { bruteForceCuts } from '../test-support/brute-force-cuts.js';
import { runSplit, runWhole } from '../test-support/run-split.js';
import { forEachSharedModel, maxAbsDiff, seededInput } from '../test-support/shared-models.js';
import { needShared } from '../../../../test/support/shared.js';
import type { BlockFamily } from './block-families.js';
import { dataflowCuts } from './cut-points.js';
import { modelBlocks } from './model-blocks.js';
import { splitAtBlock } from './split-at-block.js';

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const stageNames = (prefix: string, counts: readonly number[], from: number): string[] => counts.flatMap((c, s) => range(c, (i) => `${prefix}${s + from}.${i}`));
const DENSENET_121 = [6, 12, 24, 16].flatMap((layers, s) => [...range(layers, (i) => `conv${s + 2}_block${i + 1}`), ...(s < 3 ? [`pool${s + 2}`] : [])]);
const MOBILENET_V2 = ['Conv1', 'expanded_conv', ...range(16, (i) => `block_${i + 1}`), 'Conv_1'];
const SHUFFLENET_V2 = ['conv1', ...stageNames('stage', [4, 8, 4], 2), 'conv5'];

/** What each model of ../shared/models must split into (torchvision / Keras names, from the papers' layouts). */
const EXPECTED: Readonly<Record<string, { family: BlockFamily; names: readonly string[] }>> = {
  'mnist-8.onnx': { family: 'lenet', names: ['conv1', 'conv2'] },
  'cnn_mnist_pytorch.onnx': { family: 'lenet', names: ['conv1', 'conv2', 'fc1'] },
  'cifar10-resnet20.onnx': { family: 'resnet', names: ['conv1', ...stageNames('layer', [3, 3, 3], 1)] },
  'densenet121-keras-imagenet.onnx': { family: 'densenet', names: ['conv1', ...DENSENET_121, 'bn'] },
  'mobilenetv2-12-int8.onnx': { family: 'mobilenetv2', names: MOBILENET_V2 },
  'mobilenetv2-12-int8.dequantized-fp32.onnx': { family: 'mobilenetv2', names: MOBILENET_V2 },
  'shufflenet-v2-12-int8.onnx': { family: 'shufflenet', names: SHUFFLENET_V2 },
  'shufflenet-v2-12-int8.dequantized-fp32.onnx': { family: 'shufflenet', names: SHUFFLENET_V2 },
};

describe('@kenobi/onnx modelBlocks on the shared models', () => {
  forEachSharedModel('blocks of each shared model', (m) => {
    describe(m.file, () => {
      it('gets its family\'s block names, chained through cut points, with every param counted once', function () {
        const model = loadModelFile(needShared(this, `models/${m.file}`));
        const blocks = modelBlocks(model, { inputShape: m.inputShape });
        const expected = EXPECTED[m.file];
        expect(expected, `expectations for ${m.file}`).to.not.equal(undefined);
        expect(blocks.family).to.equal(expected!.family);
        expect(blocks.blocks.map((b) => b.name)).to.deep.equal(expected!.names);
        const view = graphView(model);
        const cuts = new Set(bruteForceCuts(view, blocks.end));
        expect([...cuts]).to.deep.equal(dataflowCuts(view, blocks.end).cuts.map((c) => c.tensor));
        blocks.blocks.forEach((b, i) => {
          expect(cuts.has(b.output), `${b.name} ends at a cut point`).to.equal(true);
          expect(b.input).to.equal(i === 0 ? view.inputs[0]!.name : blocks.blocks[i - 1]!.output);
          expect(b.index).to.equal(blocks.blocks.length - i);
        });
        expect(blocks.blocks.reduce((a, b) => a + b.params, 0) + blocks.head.params).to.equal(summary(model).totalParams);
      });

      it('front + back equals the whole model at every block boundary (ORT CPU, ≤ 1e-5)', async function () {
        this.timeout(300_000);
        const model = loadModelFile(needShared(this, `models/${m.file}`));
        const x = seededInput(m.inputShape);
        const full = await runWhole(model, x, m.inputShape);
        const out = Object.keys(full)[0]!;
        const n = modelBlocks(model).blocks.length;
        for (let k = 1; k <= n; k++) {
          const split = splitAtBlock(model, k);
          const got = await runSplit(split, x, m.inputShape);
          expect(maxAbsDiff(got[out]!, full[out]!), `k = ${k} (${split.block.name})`).to.be.at.most(1e-5);
        }
      });
    });
  });

  it('DenseNet-121: 4 dense blocks of 6, 12, 24, 16 layers ending at Keras\'s concat tensors, 3 transitions', function () {
    const blocks = modelBlocks(loadModelFile(needShared(this, 'models/densenet121-keras-imagenet.onnx')), { inputShape: [1, 3, 224, 224] });
    expect(blocks.stages).to.deep.equal([{ name: 'conv2', blocks: 6 }, { name: 'conv3', blocks: 12 }, { name: 'conv4', blocks: 24 }, { name: 'conv5', blocks: 16 }]);
    for (const b of blocks.blocks.filter((x) => x.kind === 'dense-layer')) expect(b.output).to.equal(`${b.name}_concat`);
    expect(blocks.blocks.filter((b) => b.kind === 'transition').map((b) => b.output)).to.deep.equal(['pool2_pool', 'pool3_pool', 'pool4_pool']);
    expect(blocks.blocks[0]).to.include({ name: 'conv1', kind: 'stem', output: 'pool1', params: 9_664 });
    expect(blocks.blocks.find((b) => b.name === 'conv5_block16')!.outputShape).to.deep.equal([1, 1024, 7, 7]);
    expect(blocks.end).to.equal('avg_pool');
    expect(blocks.head.params).to.equal(1_025_000);
  });
});
