import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel, resnet18, singleConvModel } from '@kenobi/onnx';
import { needShared } from '../../../../test/support/shared.js';
import { cli } from '../test-support/run-cli-capture.js';

describe('kenobi summary --blocks', () => {
  it('prints the blocks from the input up, indexed from the top, with cumulative trainable params', async function () {
    const r = await cli('summary', '--blocks', needShared(this, 'models/cifar10-resnet20.onnx'));
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain("Backbone: resnet, 10 blocks, from 'input' to '207'").and.contain('Stages: layer1 ×3, layer2 ×3, layer3 ×3');
    const rows = r.out.split('\n').filter((l) => /^\s+\d+\s+\S+\s+(stem|residual)\s/.test(l)).map((l) => l.trim().split(/\s{2,}/));
    expect(rows.map((c) => c[0])).to.deep.equal(['10', '9', '8', '7', '6', '5', '4', '3', '2', '1']);
    expect(rows.map((c) => c[1])).to.deep.equal(['conv1', 'layer1.0', 'layer1.1', 'layer1.2', 'layer2.0', 'layer2.1', 'layer2.2', 'layer3.0', 'layer3.1', 'layer3.2']);
    expect(rows[9]).to.deep.equal(['1', 'layer3.2', 'residual', '[1, 64]', '73,856', '73,856']);
    expect(rows[0]![3]).to.equal('[1, 16, 32, 32]'); // exact: the model's input shape is static, so it is probed
    expect(r.out).to.contain("head after '207': 650");
  });

  it('--json gives DenseNet-121\'s blocks with exact shapes', async function () {
    this.timeout(120_000);
    const r = await cli('summary', '--blocks', needShared(this, 'models/densenet121-keras-imagenet.onnx'), '--input-shape', '1,3,224,224', '--json');
    expect(r.code, r.err).to.equal(0);
    const m = JSON.parse(r.out) as { family: string; blocks: { name: string; index: number; outputShape: number[]; trainableParams: number; cumulativeTrainable: number }[]; stages: unknown };
    expect(m.family).to.equal('densenet');
    expect(m.blocks).to.have.length(63);
    expect(m.stages).to.deep.equal([{ name: 'conv2', blocks: 6 }, { name: 'conv3', blocks: 12 }, { name: 'conv4', blocks: 24 }, { name: 'conv5', blocks: 16 }]);
    expect(m.blocks[0]).to.include({ name: 'conv1', index: 63 });
    expect(m.blocks[0]!.cumulativeTrainable).to.equal(m.blocks.reduce((a, b) => a + b.trainableParams, 0));
    expect(m.blocks.find((b) => b.name === 'pool4')!.outputShape).to.deep.equal([1, 512, 7, 7]);
  });

  it('works on a model file of the builder, and says on one line why a single conv has no blocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-blocks-'));
    writeFileSync(join(dir, 'r18.onnx'), encodeModel(resnet18({ width: 0.125, inputSize: 32, numClasses: 3 })));
    const ok = await cli('summary', '--blocks', join(dir, 'r18.onnx'));
    expect(ok.code, ok.err).to.equal(0);
    expect(ok.out).to.contain('Backbone: resnet, 9 blocks').and.contain('layer4.1');
    writeFileSync(join(dir, 'conv.onnx'), encodeModel(singleConvModel()));
    const bad = await cli('summary', '--blocks', join(dir, 'conv.onnx'));
    expect(bad.code).to.equal(1);
    expect(bad.err).to.match(/^kenobi: onnx\/no-block-boundary: no block boundary between 'input' and 'output'/);
    expect(bad.err.trim().split('\n')).to.have.length(1);
  });
});
