/**
 * `kenobi slurm train` on a real one-node Slurm (pending without one; required in CI): a 5-fold array gives
 * the metrics of a local `kenobi train --kfold 5`, and its last task trains the final model.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { needCapability } from '../../../../../test/support/shared.js';
import { cli } from '../../test-support/run-cli-capture.js';
import { cancelJobsUnder, KENOBI_FROM_SOURCE, NO_SLURM, slurmUp } from '../../test-support/slurm-fixture.js';
import { writeSyntheticStore } from '../../test-support/synthetic-feature-store.js';

describe('kenobi slurm train (a real one-node Slurm)', function () {
  this.timeout(240000);
  let dir: string;

  before(function () {
    needCapability(this, slurmUp(), NO_SLURM);
    dir = mkdtempSync(join(tmpdir(), 'kenobi-slurm-train-'));
  });
  after(() => {
    if (!dir) return;
    cancelJobsUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 5-fold slurm train (one task per fold + the final model) gives the same metrics as the local --kfold 5', async () => {
    const store = join(dir, 'store');
    writeSyntheticStore(store, { rows: 150, dim: 8, seed: 4 });
    const flags = ['--features', store, '--head', 'linear', '--seed', '3'];
    const local = await cli('train', ...flags, '--kfold', '5', '--out', join(dir, 'local.kenobi'), '--json');
    expect(local.code, local.err).to.equal(0);
    const want = JSON.parse(local.out) as { crossValidation: { perFold: Record<string, number>[]; mean: Record<string, number> }; params: number; rows: number };
    const out = join(dir, 'head.kenobi');
    const r = await cli('slurm', 'train', ...flags, '--kfold', '5', '--out', out, '--kenobi', KENOBI_FROM_SOURCE, '--submit', '--wait', '--poll', '0.5');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/submitted array job \d+ \(6 tasks\)/);
    const script = readFileSync(join(`${out}.slurm`, 'array.sbatch'), 'utf8');
    expect(script).to.contain('#SBATCH --array=0-5');
    expect(script).to.contain("4) out=");
    expect(script).to.contain("set -- --kfold 5 --fold 4 ;;  # fold 5/5");
    const summary = JSON.parse(readFileSync(join(`${out}.slurm`, 'summary.json'), 'utf8')) as { points: { crossValidation: unknown }[]; final: { params: number; rows: number } };
    expect(summary.points).to.have.length(1);
    expect(summary.points[0]!.crossValidation).to.deep.equal(want.crossValidation);
    expect(want.crossValidation.perFold).to.have.length(5);
    expect(want.crossValidation.mean.rocAuc).to.be.greaterThan(0.6);
    expect([summary.final.rows, summary.final.params]).to.deep.equal([want.rows, want.params]);
    expect(existsSync(out)).to.equal(true);
    const csv = readFileSync(join(`${out}.slurm`, 'summary.csv'), 'utf8').split('\n');
    expect(csv[0]).to.match(/^accuracy_mean,accuracy_std,rocAuc_mean,rocAuc_std/);
    expect(Number(csv[1]!.split(',')[2])).to.equal(want.crossValidation.mean.rocAuc);
  });
});

describe('kenobi slurm finetune: the job folder (no Slurm needed)', () => {
  it('each task runs kenobi finetune with --resume, so a task stopped by its time limit (SIGTERM) continues from its checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-slurm-finetune-'));
    try {
      const out = join(dir, 'tuned.kenobi');
      const r = await cli('slurm', 'finetune', '--model', join(dir, 'm.onnx'), '--data', join(dir, 'catalog.csv'), '--unfreeze', '1', '--sweep', 'lr=1e-4,1e-3', '--out', out, '--kenobi', KENOBI_FROM_SOURCE);
      expect(r.code, r.err).to.equal(0);
      const script = readFileSync(join(`${out}.slurm`, 'array.sbatch'), 'utf8');
      const command = /\sfinetune\s[\s\S]*?"\$@"/.exec(script)?.[0];
      expect(command, script).to.be.a('string');
      expect(command!.match(/--resume/g), 'exactly one --resume').to.have.length(1);
      expect(script).to.match(/set -- --lr 1e-4 --out \S+lr=1e-4\.kenobi/);
      const train = await cli('slurm', 'train', '--features', join(dir, 'store'), '--head', 'linear', '--kfold', '3', '--out', join(dir, 'head.kenobi'), '--kenobi', KENOBI_FROM_SOURCE);
      expect(train.code, train.err).to.equal(0);
      expect(readFileSync(join(dir, 'head.kenobi.slurm', 'array.sbatch'), 'utf8'), 'a head on features has no checkpoint to resume').to.not.contain('--resume');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
