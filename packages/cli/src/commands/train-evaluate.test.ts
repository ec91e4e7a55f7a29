import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isKenobiError } from '@kenobi/core';
import { readFeatures } from '@kenobi/features/node';
import { loadHeadFile } from '@kenobi/learn/node';
import { writeSyntheticStore } from '../test-support/synthetic-feature-store.js';
import { evaluateCommand } from './evaluate.js';
import { trainCommand } from './train.js';

function capture(): { io: { stdout: Writable; stderr: Writable }; text: () => string } {
  let out = '';
  const stdout = new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } });
  return { io: { stdout, stderr: new Writable({ write(_c, _e, cb) { cb(); } }) }, text: () => out };
}

async function fails(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('kenobi train / kenobi evaluate', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-train-'));
  const train = join(dir, 'train'), test = join(dir, 'test');
  // NOTE: one task (seed 1), two sets of rows: every metric below is measured on rows the head never saw.
  writeSyntheticStore(train, { rows: 300, dim: 12, seed: 1 });
  writeSyntheticStore(test, { rows: 200, dim: 12, seed: 1, rowSeed: 101 });

  it('the test store holds the training task on rows of its own (no row shared with the training store)', async () => {
    const a = await readFeatures(train), b = await readFeatures(test);
    expect([a.rows, b.rows, a.dim, b.dim]).to.deep.equal([300, 200, 12, 12]);
    const row = (t: typeof a, r: number): string => Array.from(t.X.subarray(r * t.dim, (r + 1) * t.dim)).join(',');
    const seen = new Set(Array.from({ length: a.rows }, (_, r) => row(a, r)));
    expect(Array.from({ length: b.rows }, (_, r) => row(b, r)).filter((k) => seen.has(k))).to.have.length(0);
  });

  it('trains a linear head (L-BFGS) with 5-fold CV and evaluates it: metrics.json, predictions, SVG + PNG plots', async () => {
    const head = join(dir, 'linear.kenobi');
    const c = capture();
    expect(await trainCommand.run({ values: { features: train, head: 'linear', kfold: '5', out: head, json: true }, positionals: [] }, c.io)).to.equal(0);
    const summary = JSON.parse(c.text());
    expect(summary.crossValidation.perFold).to.have.length(5);
    expect(summary.crossValidation.mean.rocAuc).to.be.greaterThan(0.9);
    expect(summary.lbfgs.iterations).to.be.greaterThan(0);
    const { model, metadata } = loadHeadFile(head);
    expect(model.inputs).to.equal(12);
    expect(metadata['classes']).to.deep.equal(['non-lens', 'lens']);

    const out = join(dir, 'eval-linear');
    const e = capture();
    expect(await evaluateCommand.run({ values: { features: test, head, out, json: true }, positionals: [] }, e.io)).to.equal(0);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.task).to.equal('classification');
    expect(m.binary.rocAuc).to.be.greaterThan(0.9);
    expect(m.accuracy).to.be.greaterThan(m.majorityBaseline);
    expect(m.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).to.equal(200);
    for (const f of ['roc.svg', 'roc.png', 'confusion.svg', 'confusion.png', 'predictions.csv']) expect(existsSync(join(out, f)), f).to.equal(true);
    const png = readFileSync(join(out, 'roc.png'));
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).to.equal('PNG');
    expect(readFileSync(join(out, 'roc.svg'), 'utf8')).to.match(/AUC = 0\.9\d{3}/);
    expect(readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n')[0]).to.equal('id,label,output_0');
    expect(m.warnings, 'a held-out store: no in-sample warning').to.deep.equal([]);
    // the training store itself: the metrics are in-sample, and evaluate says so
    const same = capture();
    expect(await evaluateCommand.run({ values: { features: train, head, out: join(dir, 'eval-in-sample'), json: true }, positionals: [] }, same.io)).to.equal(0);
    expect(JSON.parse(readFileSync(join(dir, 'eval-in-sample', 'metrics.json'), 'utf8')).warnings).to.satisfy((w: string[]) => w.length === 1 && /rows the model was trained on .*in-sample/.test(w[0]!));
  });

  it('trains an MLP the same way twice for a seed (bit-identical head) and evaluates with MC-dropout and curves', async () => {
    const args = { features: train, head: 'mlp', hidden: '16', dropout: '0.3', epochs: '20', lr: '0.01', batch: '32', seed: '3', json: true };
    const a = join(dir, 'a.kenobi'), b = join(dir, 'b.kenobi');
    await trainCommand.run({ values: { ...args, out: a }, positionals: [] }, capture().io);
    await trainCommand.run({ values: { ...args, out: b }, positionals: [] }, capture().io);
    const wa = loadHeadFile(a).model.getWeights(), wb = loadHeadFile(b).model.getWeights();
    wa.forEach((w, i) => expect(Array.from(w)).to.deep.equal(Array.from(wb[i]!)));
    const out = join(dir, 'eval-mlp');
    expect(await evaluateCommand.run({ values: { features: test, head: a, out, 'mc-samples': '5', json: true }, positionals: [] }, capture().io)).to.equal(0);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.mcDropout.samples).to.equal(5);
    expect(m.binary.rocAuc).to.be.greaterThan(0.8);
    expect(existsSync(join(out, 'curves.png'))).to.equal(true);
    const header = readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n')[0];
    expect(header).to.equal('id,label,output_0,mc_mean_0,mc_std_0');
  });

  it('trains a 3-class head and a photo-z regression head', async () => {
    const three = join(dir, 'three'), z = join(dir, 'z'), threeTest = join(dir, 'three-test'), zTest = join(dir, 'z-test');
    writeSyntheticStore(three, { rows: 300, dim: 10, classes: ['E', 'S', 'M'], seed: 4 });
    writeSyntheticStore(threeTest, { rows: 200, dim: 10, classes: ['E', 'S', 'M'], seed: 4, rowSeed: 104 });
    writeSyntheticStore(z, { rows: 300, dim: 10, classes: [], redshift: true, seed: 5 });
    writeSyntheticStore(zTest, { rows: 200, dim: 10, classes: [], redshift: true, seed: 5, rowSeed: 105 });
    await trainCommand.run({ values: { features: three, head: 'linear', out: join(dir, 'three.kenobi') }, positionals: [] }, capture().io);
    await evaluateCommand.run({ values: { features: threeTest, head: join(dir, 'three.kenobi'), out: join(dir, 'eval-three'), 'no-plots': true }, positionals: [] }, capture().io);
    const m3 = JSON.parse(readFileSync(join(dir, 'eval-three', 'metrics.json'), 'utf8'));
    expect(m3.confusionMatrix).to.have.length(3);
    expect(m3.accuracy).to.be.greaterThan(m3.majorityBaseline + 0.2);
    await trainCommand.run({ values: { features: z, head: 'linear', labels: 'z', out: join(dir, 'z.kenobi') }, positionals: [] }, capture().io);
    await evaluateCommand.run({ values: { features: zTest, head: join(dir, 'z.kenobi'), out: join(dir, 'eval-z') }, positionals: [] }, capture().io);
    const mz = JSON.parse(readFileSync(join(dir, 'eval-z', 'metrics.json'), 'utf8'));
    expect(mz.task).to.equal('regression');
    expect(mz.targets[0].r2).to.be.greaterThan(0.9);
    expect(mz.targets[0].sigmaNmad).to.be.lessThan(0.05);
    expect(existsSync(join(dir, 'eval-z', 'regression-z.png'))).to.equal(true);
  });

  it('leaves out the rows whose regression target is empty (NaN in the store), says how many, and trains on the rest', async () => {
    const gaps = join(dir, 'z-gaps');
    writeSyntheticStore(gaps, { rows: 300, dim: 10, classes: [], redshift: true, seed: 5, missingZEvery: 3 });
    const t = await readFeatures(gaps);
    expect(Array.from(t.targets).filter(Number.isNaN)).to.have.length(100); // read back as NaN, not as 0
    let text = '';
    const both = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
    await trainCommand.run({ values: { features: gaps, head: 'linear', labels: 'z', out: join(dir, 'z-gaps.kenobi') }, positionals: [] }, { stdout: both, stderr: both });
    expect(text).to.include('200 rows × 10 features, regression on z; 100 row(s) without a value of z left out');
    expect(text).to.match(/trained on 200 rows/);
  });

  it('refuses mismatched feature dims between train and evaluate with a clear error', async () => {
    const wide = join(dir, 'wide');
    writeSyntheticStore(wide, { rows: 50, dim: 20, tensor: 'other' });
    await trainCommand.run({ values: { features: train, head: 'linear', out: join(dir, 'dims.kenobi') }, positionals: [] }, capture().io);
    const e = await fails(evaluateCommand.run({ values: { features: wide, head: join(dir, 'dims.kenobi'), out: join(dir, 'eval-dims') }, positionals: [] }, capture().io));
    expect(isKenobiError(e, 'learn/shape-mismatch')).to.equal(true);
    expect(String((e as Error).message)).to.match(/12-d features.*20-d features/);
  });

  it('a head on features given images (--data): the usage error gives the kenobi extract that makes its features', async () => {
    await trainCommand.run({ values: { features: train, head: 'linear', out: join(dir, 'on-features.kenobi') }, positionals: [] }, capture().io);
    const e = await fails(evaluateCommand.run({ values: { head: join(dir, 'on-features.kenobi'), data: 'cutouts.csv', out: join(dir, 'eval-images') }, positionals: [] }, capture().io));
    expect(isKenobiError(e, 'cli/usage')).to.equal(true);
    const { model, tensor, pool } = JSON.parse(readFileSync(join(train, 'meta.json'), 'utf8')) as { model: { id: string }; tensor: string; pool: string };
    expect(String((e as Error).message)).to.include(`is a head trained on features, so it is evaluated on a feature store: kenobi extract --model ${model.id} --layer ${tensor} --pool ${pool} --data cutouts.csv --out <dir>`);
  });

  it('refuses NaN features and a label column with one class', async () => {
    const nan = join(dir, 'nan'), one = join(dir, 'one');
    writeSyntheticStore(nan, { rows: 50, dim: 6, nan: true });
    writeSyntheticStore(one, { rows: 50, dim: 6, oneClass: true });
    const e1 = await fails(trainCommand.run({ values: { features: nan, head: 'linear', out: join(dir, 'nan.kenobi') }, positionals: [] }, capture().io));
    expect(isKenobiError(e1, 'learn/non-finite-input')).to.equal(true);
    // rows 0, 2, 4, … have no z, so the bad row 3 is the 2nd row trained on: named by its id and store row
    const gapsNan = join(dir, 'nan-gaps');
    writeSyntheticStore(gapsNan, { rows: 50, dim: 6, classes: [], redshift: true, missingZEvery: 2, nan: true });
    const e4 = await fails(trainCommand.run({ values: { features: gapsNan, head: 'linear', labels: 'z', kfold: '3', out: join(dir, 'nan-gaps.kenobi') }, positionals: [] }, capture().io));
    expect(isKenobiError(e4, 'learn/non-finite-input')).to.equal(true);
    expect((e4 as Error).message).to.match(/^1 row\(s\) of features hold NaN or ±∞; the first is id 'obj3' \(row 3 of the store\), feature 0 = NaN/);
    const e2 = await fails(trainCommand.run({ values: { features: one, head: 'mlp', out: join(dir, 'one.kenobi') }, positionals: [] }, capture().io));
    expect(isKenobiError(e2, 'learn/single-class')).to.equal(true);
    const e3 = await fails(trainCommand.run({ values: { features: train, head: 'forest', out: join(dir, 'x.kenobi') }, positionals: [] }, capture().io));
    expect(isKenobiError(e3, 'cli/usage')).to.equal(true);
  });
});
