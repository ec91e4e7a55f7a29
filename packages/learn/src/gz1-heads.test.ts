import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { needShared } from '../../../test/support/shared.js';
import { gz1FeatureStore } from '../../features/src/test-support/gz1-feature-store.js';
import { trainHead } from './heads/train-head.js';
import { classificationReport } from './metrics/evaluation-report.js';
import { classesFromOutputs } from './heads/predict-proba.js';
import { rocAuc } from './metrics/roc-auc.js';
import { autoEngine } from './train/auto-engine.js';
import { gz1Rows, gz1TestTtaStore, readFeatures } from './test-support/gz1-split.js';

interface Gz1Fixture {
  store: { modelSha256: string; fingerprint: string; dim: number };
  binary: { testAuc: number; testRows: number };
  sixClass: { testAccuracy: number; majorityBaseline: number; testRows: number };
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/gz1-sklearn.json', import.meta.url), 'utf8')) as Gz1Fixture;

/**
 * GZ1 (1,221 SDSS gri cutouts) × DenseNet-121 avg_pool features (1,024-d) from @kenobi/features: images
 * resized to 256 (shorter side) and centre-cropped to 224, as the zoo's ImageNet preprocessing; fixed
 * train/test split of labels.csv. sklearn numbers: fixtures/gz1-sklearn.json.
 */
describe('learn: GZ1 DenseNet-121 features (real data)', function () {
  this.timeout(30 * 60_000);
  let dir = '';
  before(async function () {
    needShared(this, 'models/densenet121-keras-imagenet.onnx', 'data/labeled/gz1_sdss/labels.csv');
    dir = await gz1FeatureStore();
  });

  it("a linear head's elliptical-vs-spiral test AUC is within 0.01 of scikit-learn LogisticRegression(C=1)", async () => {
    const table = await readFeatures(dir);
    expect(table.meta.model.sha256).to.equal(fixture.store.modelSha256);
    const train = gz1Rows(table, 'train', 'binary'), test = gz1Rows(table, 'test', 'binary');
    expect(test.y.length).to.equal(fixture.binary.testRows);
    const { model } = await trainHead(train.x, train.y, { head: 'linear', task: 'classification', classes: 2, c: 1, epochs: 1000 });
    const auc = rocAuc(test.y, model.predict(test.x).data);
    console.log(`      linear head AUC ${auc.toFixed(4)}, sklearn ${fixture.binary.testAuc.toFixed(4)}`);
    expect(Math.abs(auc - fixture.binary.testAuc)).to.be.at.most(0.01);
  });

  it('a 6-class linear head beats the majority baseline by a wide margin', async () => {
    const table = await readFeatures(dir);
    const train = gz1Rows(table, 'train', 'six'), test = gz1Rows(table, 'test', 'six');
    const { model } = await trainHead(train.x, train.y, { head: 'linear', task: 'classification', classes: table.meta.dataset.classNames.length, c: 1, epochs: 1000 });
    const out = model.predict(test.x);
    const r = classificationReport(test.y, out, classesFromOutputs(out), table.meta.dataset.classNames);
    console.log(`      6-class accuracy ${r.accuracy.toFixed(4)} (majority ${r.majorityBaseline.toFixed(4)}, sklearn ${fixture.sixClass.testAccuracy.toFixed(4)}); confusion (rows true ${r.classes.join('/')}): ${JSON.stringify(r.confusionMatrix)}`);
    expect(r.majorityBaseline).to.be.closeTo(fixture.sixClass.majorityBaseline, 1e-12);
    expect(r.accuracy).to.be.at.least(r.majorityBaseline + 0.15);
    expect(Math.abs(r.accuracy - fixture.sixClass.testAccuracy)).to.be.at.most(0.05);
  });

  it('an MLP head with dihedral test-time augmentation (reports its AUC against the linear head)', async () => {
    const table = await readFeatures(dir);
    const train = gz1Rows(table, 'train', 'binary'), test = gz1Rows(table, 'test', 'binary');
    const tta = gz1Rows(await readFeatures(await gz1TestTtaStore()), 'test', 'binary');
    expect(tta.ids).to.deep.equal(test.ids);
    const engine = autoEngine();
    const { model } = await trainHead(train.x, train.y, { head: 'mlp', task: 'classification', classes: 2, hidden: [256], dropout: 0.5, epochs: 40, lr: 1e-3, batchSize: 32, weightDecay: 1e-4, seed: 0 }, { engine });
    engine.dispose();
    const plain = rocAuc(test.y, model.predict(test.x).data);
    const withTta = rocAuc(tta.y, model.predict(tta.x).data);
    console.log(`      MLP AUC ${plain.toFixed(4)} without TTA, ${withTta.toFixed(4)} with dihedral TTA (sklearn linear ${fixture.binary.testAuc.toFixed(4)})`);
    expect(withTta, "the MLP with dihedral TTA beats scikit-learn's linear AUC").to.be.greaterThan(fixture.binary.testAuc);
  });
});
