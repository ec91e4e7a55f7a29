/**
 * `kenobi slurm` without a cluster: planning a job folder twice, shard stores of another model or
 * preprocessing, states from outputs and logs when Slurm has forgotten a job, sbatch missing, and the merges
 * (stores, predictions, folds) checked against local runs.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readFeatures } from '@kenobi/features/node';
import { encodeModel } from '@kenobi/onnx';
import { cli } from '../../test-support/run-cli-capture.js';
import { tinyExtractFlags, writeCutouts, writeTinyCnn } from '../../test-support/slurm-fixture.js';
import { writeSyntheticStore } from '../../test-support/synthetic-feature-store.js';
import { tinyExport } from '../../test-support/tiny-export.js';
import { readJobPlan, writeJobPlan } from './job-plan.js';
import { jobStatus } from './job-status.js';
import type { CommandRunner } from './slurm-client.js';

const nothingKnown: CommandRunner = async () => ({ code: 1, stdout: '', stderr: 'Invalid job id specified', missing: false });

describe('kenobi slurm job folders (no cluster needed)', function () {
  this.timeout(120000);
  let dir: string;
  let model: string;
  let catalog: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-slurm-folder-'));
    model = writeTinyCnn(join(dir, 'tiny.onnx'));
    catalog = writeCutouts(join(dir, 'data'), 12);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a folder holding a job is refused: the same job (resume it), another one (naming the flag), an existing output', async () => {
    const out = join(dir, 'twice');
    expect((await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '2')).code).to.equal(0);
    const same = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '2');
    expect([same.code, same.err]).to.deep.equal([1, `kenobi: slurm/job-exists: ${out}.slurm already holds this job (kenobi slurm status ${out}.slurm says where it is; kenobi slurm resume ${out}.slurm continues it)\n`]);
    const other = await cli('slurm', 'extract', ...tinyExtractFlags(join(dir, 'other.onnx'), catalog), '--out', out, '--shards', '2');
    expect(other.err).to.match(new RegExp(`^kenobi: slurm/job-mismatch: ${out}.slurm holds another job \\(--model: '${model}' vs '${dir}/other.onnx'\\)`));
    const shards = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '3');
    expect(shards.err).to.contain('holds another job (tasks: 2 vs 3)');
    mkdirSync(join(dir, 'exists'));
    const exists = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', join(dir, 'exists'), '--shards', '2');
    expect(exists.err).to.match(/^kenobi: slurm\/output-exists: /);
    const wait = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', join(dir, 'w'), '--shards', '2', '--wait');
    expect([wait.code, wait.err]).to.deep.equal([2, 'kenobi: cli/usage: kenobi slurm extract: --wait follows a submitted job: add --submit\n']);
  });

  it('a shard store of another model or preprocessing is refused by status and merge, naming the shard and what differs', async () => {
    const out = join(dir, 'mixed');
    expect((await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '2')).code).to.equal(0);
    const shard = (i: number): string => join(`${out}.slurm`, 'shards', `shard-${i}`);
    expect((await cli('extract', ...tinyExtractFlags(model, catalog), '--shard', '0/2', '--out', shard(0))).code).to.equal(0);
    const otherModel = writeTinyCnn(join(dir, 'other.onnx'), 9);
    expect((await cli('extract', ...tinyExtractFlags(otherModel, catalog), '--shard', '1/2', '--out', shard(1))).code).to.equal(0);
    const s = await cli('slurm', 'status', out);
    expect(s.code).to.equal(1);
    expect(s.err).to.match(new RegExp(`^kenobi: slurm/store-mismatch: shard 1/2 \\(${shard(1)}\\) belongs to another job: its model has sha256 \\w{12}…, this job's \\w{12}…`));
    const m = await cli('slurm', 'merge', `${out}.slurm`);
    expect(m.err).to.match(/^kenobi: slurm\/store-mismatch: shard 1\/2/);
    rmSync(shard(1), { recursive: true });
    expect((await cli('extract', ...tinyExtractFlags(model, catalog), '--stretch', 'asinh', '--shard', '1/2', '--out', shard(1))).code).to.equal(0);
    const p = await cli('slurm', 'status', out);
    expect(p.err).to.match(/^kenobi: slurm\/store-mismatch: shard 1\/2 .* belongs to another job: shard 0\/2 and shard 1\/2 differ in preprocessing/);
    rmSync(shard(1), { recursive: true });
    expect((await cli('extract', ...tinyExtractFlags(model, catalog), '--shard', '1/2', '--out', shard(1))).code).to.equal(0);
    // a merge that died half-way: its store says running; the next merge replaces it
    cpSync(shard(0), out, { recursive: true });
    writeFileSync(join(out, 'meta.json'), readFileSync(join(out, 'meta.json'), 'utf8').replace('"status": "complete"', '"status": "running"'));
    expect(readFileSync(join(out, 'meta.json'), 'utf8')).to.contain('"status": "running"');
    const ok = await cli('slurm', 'merge', out);
    expect(ok.code, ok.err).to.equal(0);
    const local = await cli('extract', ...tinyExtractFlags(model, catalog), '--out', join(dir, 'mixed-local'));
    expect(local.code).to.equal(0);
    expect((await readFeatures(out)).ids).to.deep.equal((await readFeatures(join(dir, 'mixed-local'))).ids);
  });

  it('without Slurm records: states from the outputs and the logs (exit line, no exit line, no log), and a failure beats a complete output', async () => {
    const out = join(dir, 'logs');
    expect((await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '4')).code).to.equal(0);
    const plan = readJobPlan(out.concat('.slurm'));
    let s = await jobStatus(plan, nothingKnown);
    expect(s.tasks.map((t) => t.state)).to.deep.equal(['missing', 'missing', 'missing', 'missing']);
    expect([s.stuck, s.finished, s.merge.state]).to.deep.equal([true, false, 'missing']);
    writeJobPlan({ ...plan, submissions: [{ arrayJobId: '999001', mergeJobId: '999002', tasks: [0, 1, 2, 3], submittedAt: new Date().toISOString() }] });
    const log = (i: number, text: string): void => writeFileSync(join(`${out}.slurm`, 'logs', `task-${i}.log`), text);
    expect((await cli('extract', ...tinyExtractFlags(model, catalog), '--shard', '0/4', '--out', join(`${out}.slurm`, 'shards', 'shard-0'))).code).to.equal(0);
    log(0, 'kenobi-slurm: task 0 start on n1\nkenobi-slurm: task 0 exit 0 at t\n');
    log(1, 'kenobi-slurm: task 1 start on n1\nkenobi-slurm: task 1 exit 3 at t\nkenobi-slurm: task 1 start on n2\n...\n');
    log(2, 'kenobi-slurm: task 2 start on n1\nkenobi: features/bad-dataset: no such file\nkenobi-slurm: task 2 exit 1 at t\n');
    expect((await cli('extract', ...tinyExtractFlags(model, catalog), '--shard', '2/4', '--out', join(`${out}.slurm`, 'shards', 'shard-2'))).code).to.equal(0);
    s = await jobStatus(readJobPlan(`${out}.slurm`), nothingKnown);
    expect(s.tasks.map((t) => [t.state, t.job])).to.deep.equal([['complete', '999001_0'], ['failed', '999001_1'], ['failed', '999001_2'], ['missing', '999001_3']]);
    expect(s.tasks[1]!.why).to.match(/^stopped without finishing: its log has no exit line/);
    expect(s.tasks[2]!.why).to.equal('exit 1 (its log says; Slurm no longer lists job 999001_2)');
    expect(s.tasks[2]!.logTail).to.include('kenobi: features/bad-dataset: no such file');
    expect(s.tasks[3]!.why).to.contain('left no log');
    expect(s.stuck).to.equal(true);
  });

  it('resume where sbatch is missing is slurm/sbatch-missing, saying how to submit by hand', async () => {
    const out = join(dir, 'nosbatch');
    expect((await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '2')).code).to.equal(0);
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-such-bin');
    let r;
    try {
      r = await cli('slurm', 'resume', out);
    } finally {
      process.env.PATH = path;
    }
    expect(r.code).to.equal(1);
    expect(r.err).to.match(new RegExp(`^kenobi: slurm/sbatch-missing: sbatch is not on PATH: this machine is not a Slurm submit host \\(run kenobi slurm on the cluster's login node, or submit the scripts yourself: sbatch ${out}.slurm/array.sbatch\\)`));
    expect(readJobPlan(`${out}.slurm`).submissions).to.deep.equal([]);
  });

  it('slurm merge of predict shards writes the CSV of a local predict (the error column from one shard only)', async () => {
    const exported = join(dir, 'export.onnx');
    writeFileSync(exported, encodeModel(tinyExport({ mcDropout: false })));
    const cat = writeCutouts(join(dir, 'pdata'), 10, { broken: (i) => i === 7 });
    const out = join(dir, 'preds.csv');
    expect((await cli('slurm', 'predict', '--model', exported, '--data', cat, '--out', out, '--shards', '2')).code).to.equal(0);
    for (const i of [0, 1]) {
      const r = await cli('predict', '--model', exported, '--data', cat, '--device', 'cpu', '--shard', `${i}/2`, '--json');
      expect(r.code, r.err).to.equal(0);
      writeFileSync(join(`${out}.slurm`, 'shards', `shard-${i}.json`), r.out);
    }
    const m = await cli('slurm', 'merge', `${out}.slurm`);
    expect([m.code, m.out]).to.deep.equal([0, `merged 2 shard(s): 9 predictions, 1 failed images -> ${out}\n`]);
    const local = await cli('predict', '--model', exported, '--data', cat, '--device', 'cpu', '--csv');
    expect(readFileSync(out, 'utf8')).to.equal(local.out);
  });

  it('train --kfold 5 --fold i gives fold i of the local --kfold 5; slurm merge aggregates the folds into the same mean and std', async () => {
    const store = join(dir, 'store');
    writeSyntheticStore(store, { rows: 120, dim: 6, seed: 7 });
    const flags = ['--features', store, '--head', 'linear'];
    const whole = JSON.parse((await cli('train', ...flags, '--kfold', '5', '--out', join(dir, 'whole.kenobi'), '--json')).out) as { crossValidation: { perFold: unknown[] } };
    const out = join(dir, 'cv.kenobi');
    expect((await cli('slurm', 'train', ...flags, '--kfold', '5', '--out', out)).code).to.equal(0);
    for (let f = 0; f < 5; f++) {
      const r = await cli('train', ...flags, '--kfold', '5', '--fold', String(f), '--json');
      expect(r.code, r.err).to.equal(0);
      const one = JSON.parse(r.out) as { fold: number; crossValidation: { perFold: unknown[] } };
      expect(one.crossValidation.perFold).to.deep.equal([whole.crossValidation.perFold[f]]);
      writeFileSync(join(`${out}.slurm`, 'tasks', `model.fold-${f}.json`), r.out);
    }
    const final = await cli('train', ...flags, '--out', out, '--json');
    writeFileSync(join(`${out}.slurm`, 'tasks', 'final.json'), final.out);
    const m = await cli('slurm', 'merge', `${out}.slurm`, '--json');
    expect(m.code, m.err).to.equal(0);
    const summary = (JSON.parse(m.out) as { summary: { points: { crossValidation: unknown }[] } }).summary;
    expect(summary.points[0]!.crossValidation).to.deep.equal(whole.crossValidation);
    const bad = await cli('train', ...flags, '--fold', '2', '--json');
    expect([bad.code, bad.err]).to.deep.equal([2, 'kenobi: cli/usage: kenobi train: --fold i needs --kfold k (it runs fold i of those k only)\n']);
  });
});
