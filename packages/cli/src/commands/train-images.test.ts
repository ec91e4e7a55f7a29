import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeNpy } from '@kenobi/core';
import { loadImageModel, readExportInfo } from '@kenobi/learn';
import { loadModelFile } from '@kenobi/onnx/node';
import { writeLensDataset } from '@kenobi/sim/node';
import { readRunCheckpoint } from '../image-training/run-checkpoint.js';
import { cli } from '../test-support/run-cli-capture.js';

/** A small CNN (one conv block) that trains in a second on 16×16 cutouts. */
const ARCH = [
  { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' }, { type: 'relu' }, { type: 'maxPooling2d', poolSize: 2 },
  { type: 'dropout', rate: 0.25 }, { type: 'flatten' }, { type: 'dense', units: 8 }, { type: 'relu' }, { type: 'dense', units: 1 }, { type: 'sigmoid' },
];

/** All weights of a saved image model as one byte string. */
function weightBytes(path: string): string {
  return loadImageModel(new Uint8Array(readFileSync(path))).model.getWeights().map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex')).join('|');
}

describe('kenobi train --arch: CNNs trained on images', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-train-images-'));
  const arch = join(dir, 'arch.json');
  let catalog = '';
  const base = (out: string, ...more: string[]): string[] => [
    'train', '--arch', arch, '--data', catalog, '--input-size', '16', '--stretch', 'lupton:stretch=330', '--augment', 'dihedral',
    '--epochs', '2', '--batch', '8', '--threads', '1', '--seed', '3', '--out', out, ...more,
  ];
  before(async () => {
    writeFileSync(arch, JSON.stringify(ARCH));
    catalog = (await writeLensDataset(join(dir, 'sim'), 40, { size: 16, seed: 5 })).catalogPath;
  });

  it('cross-validates (2 stratified folds), writes the .kenobi and the out-of-fold CSV; evaluate, export and predict take the model', async () => {
    const out = join(dir, 'cv.kenobi');
    const r = await cli(...base(out, '--kfold', '2', '--json'));
    expect(r.code, r.err).to.equal(0);
    const s = JSON.parse(r.out) as { crossValidation: { perFold: Record<string, number>[]; mean: Record<string, number>; outOfFold: Record<string, number> }; positive: string; final: { stage: string; epochs: number } };
    expect(s.crossValidation.perFold).to.have.length(2);
    for (const m of s.crossValidation.perFold) expect(m).to.include.keys('accuracy', 'loss', 'auc', 'tpr0', 'tpr10');
    expect(s.crossValidation.mean['auc']).to.be.closeTo((s.crossValidation.perFold[0]!['auc']! + s.crossValidation.perFold[1]!['auc']!) / 2, 1e-12);
    expect(s.positive).to.equal('lens');
    expect(s.final).to.deep.include({ stage: 'final (all rows)', epochs: 2 });
    const oof = readFileSync(`${out}.oof.csv`, 'utf8').trim().split('\n');
    expect(oof[0]).to.equal('id,label,fold,p_non-lens');
    expect(oof).to.have.length(41);
    expect(new Set(oof.slice(1).map((l) => l.split(',')[2]))).to.deep.equal(new Set(['1', '2']));
    const { model, metadata } = loadImageModel(new Uint8Array(readFileSync(out)));
    expect(model.inputShape).to.deep.equal([16, 16, 3]);
    expect(metadata['classes']).to.deep.equal(['lens', 'non-lens']);
    expect((metadata['preprocessing'] as { stretch: string }).stretch).to.equal('lupton:stretch=330');

    const ev = await cli('evaluate', '--head', out, '--data', catalog, '--out', join(dir, 'eval'), '--no-plots', '--json');
    expect(ev.code, ev.err).to.equal(0);
    expect(ev.err, 'the training catalog itself: evaluate warns that the metrics are in-sample').to.match(/warning: the evaluation rows are the rows the model was trained on/);
    const m = JSON.parse(readFileSync(join(dir, 'eval', 'metrics.json'), 'utf8')) as { rows: number; positive: { class: string; auc: number }; classes: string[] };
    expect(m.rows).to.equal(40);
    expect(m.positive.class).to.equal('lens');
    expect(m.positive.auc).to.be.within(0, 1);

    const onnxPath = join(dir, 'cv.onnx');
    const ex = await cli('export', '--head', out, '--with-preprocessing', '-o', onnxPath, '--json');
    expect(ex.code, ex.err).to.equal(0);
    const proto = loadModelFile(onnxPath);
    expect(proto.graph!.input!.map((i) => i.name)).to.deep.equal(['pixels']);
    expect(proto.graph!.output!.map((o) => o.name)).to.deep.equal(['probabilities', 'features']);
    // the bands it was trained on are recorded: predicting one band's FITS warns that its plane is repeated
    expect(readExportInfo(proto).image.bands).to.deep.equal(['g', 'r', 'i']);
    const oneBand = await cli('predict', '--model', onnxPath, '--data', join(dir, 'sim', readFileSync(catalog, 'utf8').split('\n')[1]!.split(',').at(-1)!), '--workers', '0');
    expect(oneBand.err).to.match(/warning: the model was trained on 3 bands \(g, r, i\).*no band names/);
    // (this model's Lupton stretch needs three bands: the one image fails, saying why)
    expect([oneBand.code, oneBand.err]).to.satisfy(([code, err]: [number, string]) => code === 1 && /lupton stretch makes a colour image from three bands, this image has 1/.test(err));

    // predict through the exported ONNX and straight from the .kenobi: the same probabilities as evaluate's
    const viaOnnx = await cli('predict', '--model', onnxPath, '--data', catalog, '--json', '--workers', '0');
    const viaKenobi = await cli('predict', '--model', out, '--data', catalog, '--json', '--workers', '0');
    expect(viaOnnx.code, viaOnnx.err).to.equal(0);
    expect(viaKenobi.code, viaKenobi.err).to.equal(0);
    const rows = (t: string): { id: string; values: number[] }[] => (JSON.parse(t) as { predictions: { id: string; values: number[] }[] }).predictions;
    const csv = readFileSync(join(dir, 'eval', 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    expect(rows(viaOnnx.out)).to.have.length(40);
    rows(viaOnnx.out).forEach((p, i) => {
      expect(p.values[0]).to.be.closeTo(csv[i]!, 1e-5);
      expect(rows(viaKenobi.out)[i]!.values[0]).to.equal(p.values[0]);
    });

    // --tta dihedral: evaluate of an image model gives predict --tta dihedral's probabilities
    const tta = await cli('predict', '--model', out, '--data', catalog, '--json', '--workers', '0', '--tta', 'dihedral');
    expect(tta.code, tta.err).to.equal(0);
    const evT = await cli('evaluate', '--head', out, '--data', catalog, '--out', join(dir, 'eval-tta'), '--no-plots', '--tta', 'dihedral');
    expect(evT.code, evT.err).to.equal(0);
    const csvT = readFileSync(join(dir, 'eval-tta', 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    const pt = rows(tta.out);
    expect(pt).to.have.length(40);
    pt.forEach((p, i) => expect(p.values[0]).to.be.closeTo(csvT[i]!, 1e-6));
    expect(Math.max(...pt.map((p, i) => Math.abs(p.values[0]! - csv[i]!))), 'TTA changes the probabilities').to.be.above(1e-5);
  });

  it('a run stopped mid-way (as Ctrl-C does) exits 130 with its checkpoint; --resume ends with the same weights, bit for bit, as a run never stopped', async () => {
    // NOTE: stopped after the 9th batch event, asynchronously: wherever the worker stops, the weights must match.
    const whole = join(dir, 'whole.kenobi'), split = join(dir, 'split.kenobi');
    // with a warm-up over the first epoch: the learning rate is set per step from the position, so resume sees it too
    expect((await cli(...base(whole, '--kfold', '2', '--warmup', '1'))).code).to.equal(0);
    process.env['KENOBI_TEST_STOP_AFTER_BATCHES'] = '9'; // fold 1 has 2 epochs × 4 batches: this stops in fold 2
    let stopped;
    try {
      stopped = await cli(...base(split, '--kfold', '2', '--warmup', '1'));
    } finally {
      delete process.env['KENOBI_TEST_STOP_AFTER_BATCHES'];
    }
    expect(stopped.code, stopped.err).to.equal(130);
    expect(stopped.err).to.match(/stopped in fold 2\/2, epoch \d; checkpoint written to .*split\.kenobi\.ckpt; resume with --resume/);
    expect(existsSync(split)).to.equal(false);
    const { state } = readRunCheckpoint(`${split}.ckpt`);
    expect(state.stage).to.equal(1);
    expect(state.folds).to.have.length(1);
    const resumed = await cli(...base(split, '--kfold', '2', '--warmup', '1', '--resume'));
    expect(resumed.code, resumed.err).to.equal(0);
    expect(resumed.err).to.match(/resuming fold 2\/2 at epoch \d/);
    expect(weightBytes(split)).to.equal(weightBytes(whole));
    expect(readFileSync(`${split}.oof.csv`, 'utf8')).to.equal(readFileSync(`${whole}.oof.csv`, 'utf8'));
    expect(existsSync(`${split}.ckpt`)).to.equal(false); // removed once the model is written
    // a resume with other settings is refused
    await cli(...base(split, '--epochs', '3'));
    process.env['KENOBI_TEST_STOP_AFTER_BATCHES'] = '2';
    try {
      expect((await cli(...base(split, '--epochs', '3'))).code).to.equal(130);
    } finally {
      delete process.env['KENOBI_TEST_STOP_AFTER_BATCHES'];
    }
    const other = await cli(...base(split, '--epochs', '3', '--lr', '0.01', '--resume'));
    expect(other.code).to.equal(1);
    expect(other.err).to.include('cli/checkpoint-mismatch');
    expect(other.err).to.match(/other settings \(trainer\.optimizer\.lr: 0\.001 there, 0\.01 here\)/);
  });

  it('Ctrl-C on a real process: the worker finishes its step, writes the checkpoint and the process exits 130', async () => {
    const out = join(dir, 'sigint.kenobi');
    const child = spawn(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', join(import.meta.dirname, '..', 'main.ts'), ...base(out, '--epochs', '50')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += String(d);
        if (/epoch 1\/50: loss/.test(err) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, err).to.equal(130);
    expect(err).to.match(/stopping after the current step/);
    expect(err).to.match(/checkpoint written to .*sigint\.kenobi\.ckpt; resume with --resume/);
    expect(readRunCheckpoint(`${out}.ckpt`).state.stage).to.equal(0);
  });

  it('--device wasm trains in the worker on onnxruntime-web to the weights of --device cpu (within 1e-5)', async () => {
    const cpu = join(dir, 'dev-cpu.kenobi'), wasm = join(dir, 'dev-wasm.kenobi');
    expect((await cli(...base(cpu, '--epochs', '1'))).code).to.equal(0);
    const r = await cli(...base(wasm, '--epochs', '1', '--device', 'wasm'));
    expect(r.code, r.err).to.equal(0);
    const a = loadImageModel(new Uint8Array(readFileSync(cpu))).model.getWeights(), b = loadImageModel(new Uint8Array(readFileSync(wasm))).model.getWeights();
    let diff = 0;
    a.forEach((w, i) => w.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - b[i]![j]!)))));
    expect(diff).to.be.below(1e-5);
    expect((loadImageModel(new Uint8Array(readFileSync(wasm))).metadata['training'] as { trainer: { device: string } }).trainer.device).to.equal('wasm');
  });

  it('a loss that turns NaN stops with learn/non-finite-input naming the epoch and batch, keeping the checkpoint of the last finished epoch', async () => {
    const out = join(dir, 'nan.kenobi');
    // one batch per epoch (no validation share): step 1 is finite, SGD at lr 1e30 then makes step 2 overflow
    const r = await cli(...base(out, '--optimizer', 'sgd', '--lr', '1e30', '--batch', '64', '--val-fraction', '0', '--epochs', '3'));
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/learn\/non-finite-input: final \(all rows\): the loss is (NaN|Infinity|-Infinity) at epoch 2, batch 1/);
    expect(r.err).to.include(`the checkpoint ${out}.ckpt keeps the last finished epoch`);
    const { state } = readRunCheckpoint(`${out}.ckpt`);
    expect(state.early.val).to.have.length(1); // written at the end of epoch 1, not after the bad step
  });

  it('bad input gets typed errors: unknown layer, an --arch file of the wrong shape, outputs that do not fit the classes, an op with no gradient rule, labels that do not match the data', async () => {
    const run = async (layers: unknown, ...more: string[]): Promise<string> => {
      const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(layers));
      const r = await cli('train', '--arch', file, '--data', catalog, '--input-size', '16', '--epochs', '1', '--out', join(dir, 'bad.kenobi'), ...more);
      expect(r.code, r.err).to.equal(1);
      return r.err;
    };
    expect(await run([{ type: 'conv3d', filters: 2 }])).to.match(/learn\/bad-file: layer 1: unknown layer type "conv3d"/);
    expect(await run([{ type: 'conv2d', filters: 2, kernel: 3 }])).to.match(/learn\/bad-file: layer 1 \(conv2d\): unknown option 'kernel'/);
    expect(await run({ inputShape: [28, 28, 1], layers: ARCH })).to.match(/learn\/shape-mismatch: the layer list is for inputs \[28,28,1\]/);
    expect(await run([{ type: 'maxPooling2d', poolSize: 32 }, { type: 'flatten' }, { type: 'dense', units: 1 }, { type: 'sigmoid' }])).to.match(/learn\/shape-mismatch: .*does not fit its 16×16 input/);
    expect(await run([...ARCH.slice(0, -2), { type: 'dense', units: 3 }, { type: 'softmax' }])).to.match(/learn\/shape-mismatch: the model has 3 outputs \(softmax\); the data have 2 classes/);
    expect(await run([{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'elu' }, { type: 'flatten' }, { type: 'dense', units: 1 }, { type: 'sigmoid' }])).to.match(/autodiff\/unsupported-op: no gradient rule for op 'Elu'/);

    // labels: an .npy stack with one label too few; a catalog without labels
    const stack = join(dir, 'stack.npy');
    writeFileSync(stack, writeNpy(new Float32Array(6 * 16 * 16), [6, 16, 16]));
    writeFileSync(join(dir, 'labels.txt'), 'a\nb\na\nb\na\n');
    const few = await cli('train', '--arch', 'lenet5', '--data', stack, '--labels-file', join(dir, 'labels.txt'), '--input-size', '16', '--out', join(dir, 'bad.kenobi'));
    expect(few.code).to.equal(1);
    expect(few.err).to.include('features/bad-option: 6 images but 5 labels');
    // a stack with its labels trains, and kenobi evaluate reads the same --labels-file (a catalog refuses it)
    writeFileSync(join(dir, 'labels6.txt'), 'a\nb\na\nb\na\nb\n');
    const onStack = join(dir, 'stack.kenobi');
    const trained = await cli('train', '--arch', arch, '--data', stack, '--labels-file', join(dir, 'labels6.txt'), '--input-size', '16', '--epochs', '1', '--val-fraction', '0', '--threads', '1', '--out', onStack);
    expect(trained.code, trained.err).to.equal(0);
    const evStack = await cli('evaluate', '--head', onStack, '--data', stack, '--labels-file', join(dir, 'labels6.txt'), '--out', join(dir, 'eval-stack'), '--no-plots');
    expect(evStack.code, evStack.err).to.equal(0);
    expect(JSON.parse(readFileSync(join(dir, 'eval-stack', 'metrics.json'), 'utf8')).rows).to.equal(6);
    const evCatalog = await cli('evaluate', '--head', onStack, '--data', catalog, '--labels-file', join(dir, 'labels6.txt'), '--out', join(dir, 'eval-x'));
    expect(evCatalog.code).to.equal(2);
    expect(evCatalog.err).to.match(/kenobi evaluate: --labels-file is for \.npy stacks and FITS cubes/);
    const unlabelled = join(dir, 'unlabelled.csv');
    writeFileSync(unlabelled, readFileSync(catalog, 'utf8').replace(/^id,label,/, 'id,kind0,'));
    const none = await cli('train', '--arch', 'lenet5', '--data', unlabelled, '--out', join(dir, 'bad.kenobi'));
    expect(none.code).to.equal(1);
    expect(none.err).to.match(/learn\/bad-argument: .* has no labels for its 40 images/);
    // evaluating on labels the model was not trained on
    const other = join(dir, 'relabelled.csv');
    writeFileSync(other, readFileSync(catalog, 'utf8').replace(/,non-lens,/g, ',galaxy,'));
    const ev = await cli('evaluate', '--head', join(dir, 'cv.kenobi'), '--data', other, '--out', join(dir, 'eval-bad'));
    expect(ev.code).to.equal(1);
    expect(ev.err).to.match(/learn\/shape-mismatch: the labels of .* do not match the model's classes: 'galaxy' is not among lens, non-lens/);
  });

  it('evaluate of an image model refuses --backbone (a usage error), and data of which no image can be read, with --tta dihedral as without', async () => {
    const model = join(dir, 'cv.kenobi'); // from the first test
    const bb = await cli('evaluate', '--head', model, '--backbone', 'densenet121-keras', '--data', catalog, '--out', join(dir, 'eval-bb'));
    expect(bb.code, bb.err).to.equal(2);
    expect(bb.err).to.match(/cli\/usage: kenobi evaluate: --backbone does not apply to an image model \(.*cv\.kenobi was trained with kenobi train --arch/);
    // the catalog copied elsewhere: its paths (relative to it) lead nowhere
    const nowhere = join(dir, 'nowhere', 'catalog.csv');
    mkdirSync(dirname(nowhere), { recursive: true });
    writeFileSync(nowhere, readFileSync(catalog, 'utf8'));
    const tta = await cli('evaluate', '--head', model, '--data', nowhere, '--out', join(dir, 'eval-nowhere'), '--no-plots', '--tta', 'dihedral');
    expect(tta.code, tta.err).to.equal(1);
    expect(tta.err).to.match(/features\/unreadable-item: no image of .*catalog\.csv could be read \(none of its 40 labelled images\); the first: row 2 \(id /);
    expect(existsSync(join(dir, 'eval-nowhere', 'metrics.json'))).to.equal(false);
    const plain = await cli('evaluate', '--head', model, '--data', nowhere, '--out', join(dir, 'eval-nowhere'), '--no-plots');
    expect(plain.code, plain.err).to.equal(1);
    expect(plain.err).to.match(/features\/unreadable-item: .*row 2 \(id /);
  });

  it('an unreadable image stops training with its row named; --skip-unreadable reads each image first, leaves out and lists the bad ones', async () => {
    // a copy of the catalog where row 3's g band is missing and row 5's is cut short (relative paths still lead to the images)
    const lines = readFileSync(catalog, 'utf8').trim().split('\n');
    const gOf = (line: string): string => line.split(',').find((c) => /(^|\/)g\/[^,]*\.fits$/.test(c))!;
    writeFileSync(join(dir, 'sim', 'g', 'short.fits'), readFileSync(join(dirname(catalog), gOf(lines[4]!))).subarray(0, 2000));
    lines[2] = lines[2]!.replace(gOf(lines[2]!), 'g/gone.fits');
    lines[4] = lines[4]!.replace(gOf(lines[4]!), 'g/short.fits');
    const bad = join(dirname(catalog), 'bad.csv');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const withBad = (out: string, ...more: string[]): string[] => base(out, ...more).map((a) => (a === catalog ? bad : a));
    const stopped = await cli(...withBad(join(dir, 'bad.kenobi')));
    expect(stopped.code).to.equal(1);
    expect(stopped.err).to.match(/features\/unreadable-item: .*row 3 \(id [^,]+, [^)]*gone\.fits.*--skip-unreadable/s);
    const out = join(dir, 'skipped.kenobi');
    const r = await cli(...withBad(out, '--skip-unreadable'));
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/--skip-unreadable: 2 of 40 images cannot be read and are left out/);
    const listed = readFileSync(`${out}.unreadable.csv`, 'utf8').trim().split('\n');
    expect(listed[0]).to.equal('row,id,path,code,error');
    expect(listed.slice(1).map((l) => l.split(',')[0])).to.deep.equal(['3', '5']);
    expect(listed[2]).to.contain('fits/truncated');
    // the model trained on the 38 readable rows: evaluated on them (the catalog without the two rows) it gets every row
    writeFileSync(join(dirname(catalog), 'good.csv'), `${lines.filter((_, i) => i !== 2 && i !== 4).join('\n')}\n`);
    const ev = await cli('evaluate', '--head', out, '--data', join(dirname(catalog), 'good.csv'), '--out', join(dir, 'eval-skipped'), '--no-plots', '--json');
    expect(ev.code, ev.err).to.equal(0);
    expect(JSON.parse(readFileSync(join(dir, 'eval-skipped', 'metrics.json'), 'utf8')).rows).to.equal(38);
    expect(readFileSync(out).length).to.be.greaterThan(0);
  });
});
