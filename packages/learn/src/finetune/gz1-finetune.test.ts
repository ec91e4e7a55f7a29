/**
 * GZ1 (real SDSS cutouts) × DenseNet-121, the cheap CI form of the fine-tuning result (the full run,
 * dihedral augmentation and 8 epochs, is scripts/bench/finetune/gz1-densenet.ts; its numbers are in
 * docs/benchmarks/finetune.md): the last dense block (`--unfreeze 17`: conv5_block1 … conv5_block16 and the
 * final bn) fine-tuned for 2 epochs without augmentation from the frozen linear probe's head, on the fixed
 * train/test split. The trunk up to `pool4_pool` is cached under .kenobi-cache/test-feature-stores.
 */
import { expect } from 'chai';
import { needShared } from '../../../../test/support/shared.js';
import { gz1FeatureStore } from '../../../features/src/test-support/gz1-feature-store.js';
import { trainHead } from '../heads/train-head.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { gz1Rows, readFeatures } from '../test-support/gz1-split.js';
import type { FinetuneData } from './finetune-data.js';
import { evaluateFinetune, fitFinetune } from './finetune-fit.js';
import { Finetuner } from './finetuner.js';
import { planUnfreeze } from './unfreeze-blocks.js';
import { gz1TrunkStore } from './test-support/gz1-trunk-store.js';

describe('learn/finetune: GZ1 × DenseNet-121, the last dense block fine-tuned (real data)', function () {
  this.timeout(30 * 60_000);
  before(function () {
    needShared(this, 'models/densenet121-keras-imagenet.onnx', 'data/labeled/gz1_sdss/labels.csv');
  });

  it("the probe's head on the cached trunk + frozen blocks reproduces the probe; 2 epochs of fine-tuning raise the test AUC", async () => {
    const { backbone, dataset, store } = await gz1TrunkStore('pool4_pool', [512, 7, 7]);
    const table = await readFeatures(await gz1FeatureStore());
    const train = gz1Rows(table, 'train', 'binary'), test = gz1Rows(table, 'test', 'binary');
    const probe = await trainHead(train.x, train.y, { head: 'linear', task: 'classification', classes: 2, c: 1, epochs: 1000 });
    const probeScores = probe.model.predict(test.x).data;
    const probeAuc = rocAuc(test.y, probeScores);
    const itemOf = new Map(dataset.items.map((it, i) => [it.id, i]));
    const rows = (s: typeof train): FinetuneData => ({ source: store, items: Int32Array.from(s.ids, (id) => itemOf.get(id)!), labels: s.y });
    const plan = planUnfreeze(backbone, 17);
    expect([plan.cut, plan.feature, plan.trainable.at(-1)!.name, plan.trainable[0]!.name]).to.deep.equal(['pool4_pool', 'avg_pool', 'conv5_block1', 'bn']);
    const ft = await Finetuner.create(backbone, probe.model, {
      cut: plan.cut, feature: plan.feature, paramBlocks: plan.paramBlocks, loss: 'binaryCrossEntropy', batchNorm: 'frozen',
      optimizer: { name: 'adamw', lr: 1e-4, weightDecay: 0.05 }, lrDecay: 0.9, schedule: { kind: 'cosine', warmup: 1 }, epochs: 2, batchSize: 32, seed: 0,
    });
    try {
      const start = await evaluateFinetune(ft, rows(test));
      let worst = 0;
      start.outputs.forEach((p, i) => { worst = Math.max(worst, Math.abs(p - 1 / (1 + Math.exp(-probeScores[i]!)))); });
      expect(worst, "trunk cache + blocks + head = the frozen model's avg_pool features + head").to.be.at.most(1e-4);
      const t0 = performance.now();
      await fitFinetune(ft, rows(train));
      const tuned = await evaluateFinetune(ft, rows(test));
      console.log(`      probe AUC ${probeAuc.toFixed(4)} → fine-tuned ${tuned.auc!.toFixed(4)} after 2 epochs (${((performance.now() - t0) / 1000).toFixed(0)} s, ${train.y.length} train / ${test.y.length} test)`);
      expect(tuned.auc!).to.be.greaterThan(probeAuc + 0.005);
    } finally {
      await ft.dispose();
      await store.dispose();
    }
  });
});
