/**
 * The generated sbatch scripts, without a cluster: valid bash, the #SBATCH lines asked for, and (run by bash
 * as a task would be, with `printf` standing in for kenobi) exactly the command line each task must run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli } from '../../test-support/run-cli-capture.js';

/** Runs a generated script as task `task` would run, with `kenobi` replaced by a printer of its argv. */
function runAsTask(script: string, task: number, cpus: number): string[] {
  const r = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: String(task), SLURM_CPUS_PER_TASK: String(cpus), SLURM_JOB_ID: '77' } });
  expect(r.status, r.stderr).to.equal(0);
  return r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('kenobi-slurm:'));
}

describe('kenobi slurm: the generated sbatch scripts', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-slurm-script-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('extract: an array of 8 shards whose task i runs extract --shard i/8 --resume with threads from SLURM_CPUS_PER_TASK, cuda with --gpus', async () => {
    const printer = join(dir, 'printargs');
    writeFileSync(printer, '#!/bin/bash\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const out = join(dir, 'feats');
    const r = await cli('slurm', 'extract', '--model', 'densenet121-keras', '--data', join(dir, "it's a catalog.csv"), '--batch', '16', '--out', out, '--shards', '8',
      '--cpus', '6', '--time', '02:00:00', '--mem', '16G', '--gpus', '1', '--partition', 'gpu', '--account', 'astro', '--extra', '#SBATCH --qos=long', '--max-running', '3', '--kenobi', printer);
    expect(r.code, r.err).to.equal(0);
    const script = readFileSync(join(`${out}.slurm`, 'array.sbatch'), 'utf8');
    expect(r.out).to.contain(script);
    expect(r.out).to.contain(`sbatch --dependency=afterok:$A ${out}.slurm/merge.sbatch`);
    for (const line of ['#SBATCH --array=0-7%3', '#SBATCH --cpus-per-task=6', '#SBATCH --time=02:00:00', '#SBATCH --mem=16G', '#SBATCH --gpus=1', '#SBATCH --partition=gpu',
      '#SBATCH --account=astro', '#SBATCH --qos=long', `#SBATCH --output=${out}.slurm/logs/task-%a.log`, `#SBATCH --chdir=${process.cwd()}`]) {
      expect(script.split('\n'), line).to.include(line);
    }
    expect(spawnSync('bash', ['-n', join(`${out}.slurm`, 'array.sbatch')]).status).to.equal(0);
    expect(runAsTask(join(`${out}.slurm`, 'array.sbatch'), 5, 6)).to.deep.equal([
      'extract', '--model', 'densenet121-keras', '--data', join(dir, "it's a catalog.csv"), '--batch', '16', '--device', 'cuda', '--threads', '6', '--workers', '4',
      '--shard', '5/8', '--resume', '--out', join(`${out}.slurm`, 'shards', 'shard-5'),
    ]);
    const merge = join(`${out}.slurm`, 'merge.sbatch');
    expect(readFileSync(merge, 'utf8')).to.not.contain('--gpus');
    expect(runAsTask(merge, 0, 1)).to.deep.equal(['slurm', 'merge', `${out}.slurm`]);
    const plan = JSON.parse(readFileSync(join(`${out}.slurm`, 'job.json'), 'utf8')) as { tasks: { name: string }[]; submissions: unknown[] };
    expect(plan.tasks.map((t) => t.name)).to.deep.equal(Array.from({ length: 8 }, (_, i) => `shard ${i}/8`));
    expect(plan.submissions).to.deep.equal([]);
  });

  it('predict: each task writes its --json to a temporary file moved into place only on success; one CPU means one decode worker', async () => {
    const out = join(dir, 'preds.csv');
    const r = await cli('slurm', 'predict', '--model', 'lens.onnx', '--data', 'cat.csv', '--samples', '30', '--out', out, '--shards', '3', '--kenobi', '/bin/echo');
    expect(r.code, r.err).to.equal(0);
    const script = join(`${out}.slurm`, 'array.sbatch');
    const printed = runAsTask(script, 2, 1);
    expect(printed).to.deep.equal([]);
    expect(readFileSync(join(`${out}.slurm`, 'shards', 'shard-2.json'), 'utf8').trim()).to.equal('predict --model lens.onnx --data cat.csv --samples 30 --device cpu --threads 1 --workers 1 --shard 2/3 --json');
    const failing = await cli('slurm', 'predict', '--model', 'lens.onnx', '--data', 'cat.csv', '--out', join(dir, 'p2.csv'), '--shards', '3', '--kenobi', '/bin/false');
    expect(failing.code).to.equal(0);
    const r2 = spawnSync('bash', [join(dir, 'p2.csv.slurm', 'array.sbatch')], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '0' } });
    expect(r2.status).to.equal(1);
    expect(r2.stdout).to.contain('kenobi-slurm: task 0 exit 1');
    expect(spawnSync('ls', [join(dir, 'p2.csv.slurm', 'shards')], { encoding: 'utf8' }).stdout.trim()).to.equal('shard-0.json.tmp');
  });

  it('train: a case per task (fold i of 5, then the final model) around one command with every train flag', async () => {
    const out = join(dir, 'head.kenobi');
    const r = await cli('slurm', 'train', '--features', 'feats', '--head', 'mlp', '--hidden', '64', '--seed', '2', '--kfold', '5', '--out', out, '--kenobi', '/bin/echo');
    expect(r.code, r.err).to.equal(0);
    const script = join(`${out}.slurm`, 'array.sbatch');
    expect(readFileSync(script, 'utf8')).to.contain('#SBATCH --array=0-5\n');
    runAsTask(script, 3, 1);
    expect(readFileSync(join(`${out}.slurm`, 'tasks', 'model.fold-3.json'), 'utf8').trim()).to.equal('train --features feats --head mlp --hidden 64 --seed 2 --kfold 5 --fold 3 --json');
    runAsTask(script, 5, 1);
    expect(readFileSync(join(`${out}.slurm`, 'tasks', 'final.json'), 'utf8').trim()).to.equal(`train --features feats --head mlp --hidden 64 --seed 2 --out ${out} --json`);
    const none = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '9' } });
    expect(none.status).to.equal(2);
    expect(none.stderr).to.contain('no task 9 in this array');
  });

  it('finetune: a grid of --sweep values times the folds it cannot split (no --fold) is one task per point, each with --resume', async () => {
    const out = join(dir, 'ft.kenobi');
    const r = await cli('slurm', 'finetune', '--model', 'densenet121-keras', '--data', 'gz1.csv', '--kfold', '3', '--sweep', 'lr=1e-4,3e-4', '--sweep', 'unfreeze=1,2', '--out', out, '--kenobi', '/bin/echo', '--json');
    expect(r.code, r.err).to.equal(0);
    expect(JSON.parse(r.out)).to.include({ tasks: 4, submitted: false });
    const script = join(`${out}.slurm`, 'array.sbatch');
    runAsTask(script, 1, 1);
    expect(readFileSync(join(`${out}.slurm`, 'tasks', 'lr=1e-4_unfreeze=2.json'), 'utf8').trim())
      .to.equal(`finetune --model densenet121-keras --data gz1.csv --resume --lr 1e-4 --unfreeze 2 --kfold 3 --out ${join(`${out}.slurm`, 'models', 'lr=1e-4_unfreeze=2.kenobi')} --json`);
  });
});
