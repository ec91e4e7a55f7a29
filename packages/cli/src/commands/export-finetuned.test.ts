/**
 * A fine-tuned `.kenobi` (kenobi finetune) through `kenobi export`, `kenobi predict` and `kenobi evaluate`:
 * the export is the model `kenobi finetune --export` writes and equals Kenobi's own forward (trunk session +
 * blocks/head inference session) ≤ 1e-4 on ORT CPU; predict and evaluate run it on its backbone; another
 * backbone, an unresolvable one and flags that do not apply are refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseAugment } from '@kenobi/features';
import { applyFinetuned, arrayInputs, Finetuner, loadFinetuned, RecomputeTrunk, TrunkRunner } from '@kenobi/learn';
import { encodeModel } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { smallImages, smallResnet } from '../../../learn/src/finetune/test-support/small-resnet.js';
import { FINETUNE_CATALOG_COLUMNS, writeFinetuneCatalog } from '../test-support/finetune-catalog.js';
import { cli } from '../test-support/run-cli-capture.js';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

interface Prediction { id: string; label?: string; class: string; values: number[] }

describe('kenobi export / predict / evaluate of a fine-tuned .kenobi', function () {
  this.timeout(180_000);
  let dir: string, model: string, catalog: string, tuned: string, direct: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-cli-finetuned-'));
    model = join(dir, 'small.onnx');
    writeFileSync(model, encodeModel(smallResnet()));
    catalog = writeFinetuneCatalog(join(dir, 'data'));
    tuned = join(dir, 'tuned.kenobi');
    direct = join(dir, 'direct.onnx');
    // NOTE: BN in training mode, so the file's running statistics differ from the backbone's and must be applied.
    const r = await cli('finetune', '--model', model, '--preset', 'unit', '--input-size', '16,16', '--data', catalog, ...FINETUNE_CATALOG_COLUMNS,
      '--unfreeze', '2', '--bn', 'train', '--head', 'mlp', '--hidden', '8', '--epochs', '2', '--batch', '8', '--lr', '1e-2', '--workers', '1', '--threads', '1',
      '--out', tuned, '--export', direct);
    expect(r.code, r.err).to.equal(0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("kenobi export writes what kenobi finetune --export wrote, and its ONNX equals Kenobi's own forward ≤ 1e-4 (ORT CPU)", async () => {
    const exported = join(dir, 'exported.onnx');
    const r = await cli('export', '--head', tuned, '--model', model, '-o', exported);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/exported small\.onnx fine-tuned from '.+' \(.*tuned\.kenobi\) -> .*exported\.onnx/);
    expect(Buffer.from(readFileSync(exported)).equals(readFileSync(direct)), 'the same bytes as kenobi finetune --export').to.equal(true);

    const file = loadFinetuned(new Uint8Array(readFileSync(tuned)));
    const n = 10;
    const { x } = smallImages(n, 2, 5);
    // Kenobi's own forward: the trunk session, then the blocks + head inference session, on the file's weights
    const ft = await Finetuner.create(applyFinetuned(smallResnet(), file), file.head, { cut: file.backbone.cut, feature: file.backbone.feature, loss: 'binaryCrossEntropy', epochs: 1, batchSize: 4, threads: 1 });
    const runner = await TrunkRunner.open(ft.split.trunk, [3, 16, 16], ft.split.cutDims, 'cpu', { threads: 1 });
    let logits: Float32Array;
    try {
      logits = await ft.inference.logits(new RecomputeTrunk(arrayInputs(x, [3, 16, 16]), runner, parseAugment('none')), Int32Array.from({ length: n }, (_, i) => i));
    } finally {
      await ft.dispose();
      await runner.dispose();
    }
    const kenobi = Float32Array.from({ length: 2 * n }, (_, i) => {
      const p = 1 / (1 + Math.exp(-logits[Math.floor(i / 2)]!));
      return i % 2 === 1 ? p : 1 - p;
    });
    const s = await createSession(new Uint8Array(readFileSync(exported)), { device: 'cpu' });
    let onnx: Float32Array;
    try {
      const t = s.tensor(x, [n, 3, 16, 16]);
      onnx = Float32Array.from((await s.session.run({ input: t }))['probabilities']!.data as Float32Array);
      t.dispose();
    } finally {
      await s.dispose();
    }
    expect(maxDiff(onnx, kenobi), 'ORT CPU vs Kenobi forward').to.be.at.most(1e-4);
    expect(maxDiff(kenobi, Float32Array.from(kenobi, () => 0.5)), 'the model is not trivial').to.be.above(1e-3);
  });

  it('refuses another backbone (sha256), an unresolvable recorded one, and --layer (the file fixes its feature tensor)', async () => {
    const other = join(dir, 'other.onnx');
    writeFileSync(other, encodeModel(smallResnet(4)));
    const wrong = await cli('export', '--head', tuned, '--model', other, '-o', join(dir, 'x.onnx'));
    expect(wrong.code).to.equal(1);
    expect(wrong.err).to.match(/learn\/finetune-checkpoint: the model was fine-tuned from backbone [0-9a-f]{12}…, not from this one/);
    const unnamed = await cli('export', '--head', tuned, '-o', join(dir, 'x.onnx'));
    expect(unnamed.code).to.equal(2);
    expect(unnamed.err).to.match(/was fine-tuned from 'small\.onnx', which is not a zoo model or a file here: name the backbone with --model/);
    const mc = await cli('export', '--head', tuned, '--model', model, '--mc-dropout', '-o', join(dir, 'mc.onnx'));
    expect(mc.code, mc.err).to.equal(0);
    expect(mc.out).to.match(/MC-dropout: random mask/); // the MLP head's dropout
    expect(mc.err).to.not.match(/no dropout layer/);
    const layer = await cli('export', '--head', tuned, '--model', model, '--layer', 'stem', '-o', join(dir, 'x.onnx'));
    expect(layer.code).to.equal(2);
    expect(layer.err).to.match(/--layer does not apply to a fine-tuned model/);
  });

  it('kenobi predict and kenobi evaluate run the .kenobi on its backbone, as the exported ONNX file', async () => {
    const args = ['--data', catalog, ...FINETUNE_CATALOG_COLUMNS, '--workers', '1', '--json'];
    const a = await cli('predict', '--model', tuned, '--backbone', model, ...args);
    expect(a.code, a.err).to.equal(0);
    const b = await cli('predict', '--model', direct, ...args);
    expect(b.code, b.err).to.equal(0);
    const [pa, pb] = [(JSON.parse(a.out) as { predictions: Prediction[] }).predictions, (JSON.parse(b.out) as { predictions: Prediction[] }).predictions];
    expect(pa).to.have.length(40);
    expect(pa.map((p) => p.id)).to.deep.equal(pb.map((p) => p.id));
    expect(maxDiff(pa.flatMap((p) => p.values), pb.flatMap((p) => p.values))).to.be.at.most(1e-5);

    const out = join(dir, 'eval');
    const e = await cli('evaluate', '--head', tuned, '--backbone', model, '--data', catalog, ...FINETUNE_CATALOG_COLUMNS, '--no-plots', '--out', out, '--json');
    expect(e.code, e.err).to.equal(0);
    expect(e.err, 'the fine-tuning catalog itself: in-sample').to.match(/warning: the evaluation rows are the rows the model was trained on/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { accuracy: number; classes: string[]; positive: { class: string; auc: number } };
    const right = pb.filter((p) => p.class === p.label).length;
    expect(metrics.accuracy).to.be.closeTo(right / 40, 1e-9);
    expect(metrics.classes).to.deep.equal(['plain', 'red']);
    expect(metrics.positive.class).to.equal('red');
    expect(metrics.positive.auc).to.be.within(0, 1);
    expect(readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n')).to.have.length(41);
    const refused = await cli('predict', '--model', direct, '--backbone', model, ...args);
    expect(refused.code).to.equal(2);
    expect(refused.err).to.match(/--backbone goes with a fine-tuned model/);

    // --tta dihedral: evaluate's predictions.csv holds predict --tta dihedral's probabilities
    const t = await cli('predict', '--model', tuned, '--backbone', model, '--tta', 'dihedral', ...args);
    expect(t.code, t.err).to.equal(0);
    const pt = (JSON.parse(t.out) as { predictions: Prediction[] }).predictions;
    expect(maxDiff(pt.flatMap((p) => p.values), pa.flatMap((p) => p.values)), 'TTA changes the probabilities').to.be.above(1e-5);
    const outT = join(dir, 'eval-tta');
    const et = await cli('evaluate', '--head', tuned, '--backbone', model, '--data', catalog, ...FINETUNE_CATALOG_COLUMNS, '--tta', 'dihedral', '--no-plots', '--out', outT);
    expect(et.code, et.err).to.equal(0);
    const mt = JSON.parse(readFileSync(join(outT, 'metrics.json'), 'utf8')) as { tta: string };
    expect(mt.tta).to.equal('dihedral');
    const csv = readFileSync(join(outT, 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(maxDiff(csv.flatMap((c) => [Number(c[2]), Number(c[3])]), pt.flatMap((p) => p.values))).to.be.at.most(1e-6);
    const bad = await cli('evaluate', '--head', tuned, '--backbone', model, '--data', catalog, ...FINETUNE_CATALOG_COLUMNS, '--tta', 'rot90', '--out', outT);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/--tta must be one of none, dihedral, got 'rot90'/);
  });
});
