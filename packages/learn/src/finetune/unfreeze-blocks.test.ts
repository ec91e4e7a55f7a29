import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder } from '@kenobi/onnx';
import { parseAugment } from '@kenobi/features';
import { linearHead } from '../heads/linear-head.js';
import { splitBackbone } from './backbone-split.js';
import { Finetuner } from './finetuner.js';
import { arrayInputs } from './trunk-inputs.js';
import { TrunkRunner } from './trunk-runner.js';
import { RecomputeTrunk } from './trunk-source.js';
import { planUnfreeze } from './unfreeze-blocks.js';
import { smallImages, smallResnet } from './test-support/small-resnet.js';

const code = (c: string) => (e: unknown): boolean => isKenobiError(e, c);

describe('learn/finetune: --unfreeze k and the trunk boundary', function () {
  this.timeout(60_000);
  const model = smallResnet();

  it('unfreeze k cuts at the input of block k from the top and gives each weight its block (for layer-wise decay)', () => {
    const one = planUnfreeze(model, 1);
    expect([one.cut, one.feature, one.blockCount, one.family]).to.deep.equal(['block1_out', 'pooled', 3, 'resnet']);
    expect(one.trainable.map((b) => b.name)).to.deep.equal(['layer2.0']);
    const two = planUnfreeze(model, 2);
    expect(two.cut).to.equal('stem');
    expect(two.paramBlocks['block2_conv1.weight']).to.equal(1);
    expect(two.paramBlocks['block1_conv1.weight']).to.equal(2);
    expect(two.paramBlocks['block1_bn2.running_var'], 'running statistics belong to their block too').to.equal(2);
    expect(planUnfreeze(model, 0)).to.include({ cut: 'pooled', feature: 'pooled' });
  });

  it('--unfreeze larger than the block count, or not a count, is refused with the count', () => {
    expect(() => planUnfreeze(model, 4)).to.throw(/from 0 to 3: this resnet backbone has 3 blocks/).that.satisfies(code('learn/finetune-unfreeze'));
    expect(() => planUnfreeze(model, 1.5)).to.throw().that.satisfies(code('learn/finetune-unfreeze'));
    expect(() => planUnfreeze(model, -1)).to.throw().that.satisfies(code('learn/finetune-unfreeze'));
  });

  it('a model with no detectable blocks is refused (learn/finetune-no-blocks), naming --cut-tensor', () => {
    const b = new GraphBuilder({ seed: 1 });
    b.output(b.conv(b.input('input', 'float32', ['N', 3, 8, 8]), { outChannels: 4, kernel: 3, name: 'only' }));
    expect(() => planUnfreeze(b.build(), 1)).to.throw(/no blocks|none that can be told apart/).that.satisfies(code('learn/finetune-no-blocks'));
  });

  it('a cut that is unknown, bypassed by a skip connection or after the feature tensor is refused (learn/finetune-cut)', () => {
    expect(() => splitBackbone(model, { cut: 'block1_outt', feature: 'pooled' })).to.throw(/block1_out/).that.satisfies(code('learn/finetune-cut'));
    expect(() => splitBackbone(model, { cut: 'block1_conv1', feature: 'pooled' })).to.throw(/bypasses 'block1_conv1'/).that.satisfies(code('learn/finetune-cut'));
    expect(() => splitBackbone(model, { cut: 'logits', feature: 'pooled' })).to.throw(/does not depend on 'logits'/).that.satisfies(code('learn/finetune-cut'));
    expect(() => splitBackbone(model, { cut: 'stem', feature: 'block2_out', pool: 'none' })).to.throw(/feature map/).that.satisfies(code('learn/finetune-cut'));
  });

  it('a head of another width is refused (learn/finetune-head-mismatch)', async () => {
    await Finetuner.create(model, linearHead({ inputs: 8, classes: 2 }), { cut: 'block1_out', feature: 'pooled', loss: 'binaryCrossEntropy', epochs: 1 })
      .then(() => expect.fail('created'), (e) => expect(e).to.satisfy(code('learn/finetune-head-mismatch')));
  });

  it('unfreezing every block trains from the input (an Identity trunk), the stem included', async () => {
    const plan = planUnfreeze(model, 3);
    const ft = await Finetuner.create(model, linearHead({ inputs: 16, classes: 2, seed: 1 }), { cut: plan.cut, feature: plan.feature, paramBlocks: plan.paramBlocks, loss: 'binaryCrossEntropy', epochs: 1, threads: 1 });
    const runner = await TrunkRunner.open(ft.split.trunk, [3, 16, 16], ft.split.cutDims, 'cpu', { threads: 1 });
    try {
      expect(ft.split.params.map((p) => p.name)).to.include('stem_conv.weight');
      expect(ft.groups.map((g) => g.name)).to.deep.equal(['head', 'block 1', 'block 2', 'block 3']);
      const { x, y } = smallImages(4, 2, 1);
      const before = Float32Array.from(ft.split.params[0]!.value);
      const r = await ft.step({ source: new RecomputeTrunk(arrayInputs(x, [3, 16, 16]), runner, parseAugment('none')), items: Int32Array.of(0, 1, 2, 3), labels: y }, [0, 1, 2, 3], 0, 0);
      expect(Number.isFinite(r.loss)).to.equal(true);
      expect(Array.from(ft.split.params[0]!.value)).to.not.deep.equal(Array.from(before));
    } finally {
      await ft.dispose();
      await runner.dispose();
    }
  });
});
