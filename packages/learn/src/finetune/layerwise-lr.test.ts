import { expect } from 'chai';
import { makeParam } from '../cnn/image-layer.js';
import { adamw } from '../optim/adamw.js';
import { sgd } from '../optim/sgd.js';
import { finetuneSchedule, layerwiseGroups, stepGroups } from './layerwise-lr.js';

describe('learn/finetune: layer-wise learning-rate decay (Zoobot) and the schedule', () => {
  const param = (name: string, grad: number) => {
    const p = makeParam(name, 'w', [3]);
    p.value.fill(1);
    p.grad.fill(grad);
    return p;
  };

  it('the head and block 1 get lr, block i gets lr · decay^(i − 1); SGD steps each group at its own rate', () => {
    const head = param('head', 1), b1 = param('b1', 1), b2 = param('b2', 1), b3 = param('b3', 1);
    const groups = layerwiseGroups([head], [{ param: b3, block: 3 }, { param: b1, block: 1 }, { param: b2, block: 2 }], 0.75);
    expect(groups.map((g) => [g.name, g.scale])).to.deep.equal([['head', 1], ['block 1', 1], ['block 2', 0.75], ['block 3', 0.5625]]);
    const opt = sgd({ lr: 0.1 });
    stepGroups(opt, groups, 0.1);
    expect(opt.lr).to.equal(0.1);
    [0.1, 0.1, 0.075, 0.05625].forEach((step, i) => expect(1 - [head, b1, b2, b3][i]!.value[0]!).to.be.closeTo(step, 1e-7));
  });

  it("AdamW's decoupled decay uses each group's rate (PyTorch param groups)", () => {
    const b2 = param('b2', 0);
    const opt = adamw({ lr: 0.01, weightDecay: 0.5 });
    stepGroups(opt, layerwiseGroups([], [{ param: b2, block: 2 }], 0.5), 0.01);
    expect(b2.value[0]).to.be.closeTo(1 - 0.005 * 0.5, 1e-7);
  });

  it('cosine with warm-up: (k + 1)/(w + 1) of lr during warm-up, then the cosine down to etaMin over the rest', () => {
    const s = finetuneSchedule({ kind: 'cosine', warmup: 2 }, 10)!;
    expect(s.lrAt(0, 3e-4)).to.be.closeTo(1e-4, 1e-12);
    expect(s.lrAt(1, 3e-4)).to.be.closeTo(2e-4, 1e-12);
    expect(s.lrAt(2, 3e-4)).to.be.closeTo(3e-4, 1e-12);
    expect(s.lrAt(6, 3e-4)).to.be.closeTo(1.5e-4, 1e-12);
    expect(finetuneSchedule({ kind: 'constant' }, 10)).to.equal(undefined);
  });
});
