/**
 * `kenobi slurm extract` on a real one-node Slurm (pending without one; required in CI, which starts it with
 * scripts/slurm/start-cluster.sh): sharded extraction + merge equals an unsharded run, a cancelled task is
 * completed by `slurm resume` without duplicates, a failing task cancels the merge and `slurm status` names it,
 * and sbatch's refusals are typed errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readFeatures, readJournal, readStoreMeta } from '@kenobi/features/node';
import { needCapability } from '../../../../../test/support/shared.js';
import { GATE_DECODE_HOOK } from '../../test-support/gate-decode-hook.js';
import { cli } from '../../test-support/run-cli-capture.js';
import { cancelJobsUnder, KENOBI_FROM_SOURCE, NO_SLURM, slurmUp, tinyExtractFlags, until, writeCutouts, writeTinyCnn } from '../../test-support/slurm-fixture.js';

interface StatusJson {
  finished: boolean;
  stuck: boolean;
  counts: Record<string, number>;
  tasks: { index: number; name: string; state: string; why: string; job?: string; logTail: string[] }[];
  merge: { state: string; why: string; job?: string };
}

const status = async (dir: string): Promise<StatusJson> => {
  const r = await cli('slurm', 'status', dir, '--json');
  expect(r.err).to.equal('');
  return JSON.parse(r.out) as StatusJson;
};

describe('kenobi slurm extract (a real one-node Slurm)', function () {
  this.timeout(240000);
  let dir: string;
  let model: string;

  before(function () {
    needCapability(this, slurmUp(), NO_SLURM);
    dir = mkdtempSync(join(tmpdir(), 'kenobi-slurm-extract-'));
    model = writeTinyCnn(join(dir, 'tiny.onnx'));
  });
  after(() => {
    if (!dir) return;
    cancelJobsUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 4-shard array + merge equals the unsharded store row for row; the script is plain sbatch', async () => {
    const catalog = writeCutouts(join(dir, 'ok'), 24);
    const local = await cli('extract', ...tinyExtractFlags(model, catalog), '--threads', '1', '--workers', '1', '--out', join(dir, 'ok-local'), '--json');
    expect(local.code, local.err).to.equal(0);
    const out = join(dir, 'ok-feats');
    const r = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '4', '--kenobi', KENOBI_FROM_SOURCE, '--submit', '--wait', '--poll', '0.5');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/submitted array job \d+ \(4 tasks\) and merge job \d+ \(afterok:\d+\)/);
    const script = readFileSync(join(`${out}.slurm`, 'array.sbatch'), 'utf8');
    expect(script).to.contain('#SBATCH --array=0-3');
    expect(script).to.contain('--threads "$threads"');
    expect(script).to.contain('--shard "$task/4" --resume');
    expect(readFileSync(join(`${out}.slurm`, 'merge.sbatch'), 'utf8')).to.contain(`slurm merge ${out}.slurm\n`);
    const a = await readFeatures(join(dir, 'ok-local'));
    const b = await readFeatures(out);
    expect(b.meta.shard).to.deep.include({ index: 0, count: 1 });
    expect(b.ids).to.deep.equal(a.ids);
    expect(Array.from(b.labels)).to.deep.equal(Array.from(a.labels));
    expect(b.dim).to.equal(8);
    expect(Array.from(b.X)).to.deep.equal(Array.from(a.X));
    const s = await status(out);
    expect([s.finished, s.counts.complete, s.merge.state]).to.deep.equal([true, 4, 'complete']);
  });

  it('scancel of one task mid-way: status says failed, the merge is cancelled, slurm resume reruns only it and nothing is duplicated', async () => {
    // NOTE: item 10 (shard 1/2 = items 6..11, parts of 3 rows) is held by the gate hook, so shard 1 has written
    // its first part and waits inside its second when it is cancelled.
    const catalog = writeCutouts(join(dir, 'held'), 12, { gated: (i) => i === 10 });
    const gate = join(dir, 'gate');
    writeFileSync(gate, '');
    const out = join(dir, 'held-feats');
    const env = { hook: process.env.KENOBI_TEST_DECODE_HOOK, gate: process.env.KENOBI_TEST_GATE };
    process.env.KENOBI_TEST_DECODE_HOOK = GATE_DECODE_HOOK;
    process.env.KENOBI_TEST_GATE = gate;
    let submitted;
    try {
      submitted = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '2', '--kenobi', KENOBI_FROM_SOURCE, '--submit', '--json');
    } finally {
      if (env.hook === undefined) delete process.env.KENOBI_TEST_DECODE_HOOK; else process.env.KENOBI_TEST_DECODE_HOOK = env.hook;
      if (env.gate === undefined) delete process.env.KENOBI_TEST_GATE; else process.env.KENOBI_TEST_GATE = env.gate;
    }
    expect(submitted.code, submitted.err).to.equal(0);
    const arrayJob = (JSON.parse(submitted.out) as { arrayJobId: string }).arrayJobId;
    const shard1 = join(`${out}.slurm`, 'shards', 'shard-1');
    await until(() => existsSync(join(shard1, 'journal.jsonl')) && readJournal(shard1).length >= 1, 120000, 'shard 1 to write its first part');
    const cancel = spawnSync('scancel', [`${arrayJob}_1`], { encoding: 'utf8' });
    expect(cancel.status, cancel.stderr).to.equal(0);
    let s = await status(out);
    for (let k = 0; k < 600 && !(s.tasks[1]!.state === 'failed' && /^CANCELLED/.test(s.merge.why)); k++) {
      await new Promise((r) => setTimeout(r, 200));
      s = await status(out);
    }
    expect(s.tasks[1]!.state).to.equal('failed');
    expect(s.tasks[1]!.why).to.contain('CANCELLED');
    expect(s.merge.state).to.equal('failed');
    expect(s.counts.complete).to.equal(1);
    const partsBefore = readJournal(shard1).length;
    expect(readStoreMeta(shard1).status).to.equal('running');
    expect(partsBefore).to.equal(1);
    const text = await cli('slurm', 'status', out);
    expect(text.code).to.equal(1);
    expect(text.out).to.match(/shard 1\/2: failed \(CANCELLED/);
    expect(text.out).to.contain('kenobi slurm resume');

    rmSync(gate);
    const resumed = await cli('slurm', 'resume', out, '--wait', '--poll', '0.5', '--json');
    expect(resumed.code, resumed.err).to.equal(0);
    const again = JSON.parse(resumed.out) as { submission: { tasks: number[]; arrayJobId: string }; cancelledMerge: string | null };
    expect(again.submission.tasks).to.deep.equal([1]);
    const log = readFileSync(join(`${out}.slurm`, 'logs', 'task-1.log'), 'utf8');
    expect(log).to.match(/1 part\(s\) resumed/);
    const local = await cli('extract', ...tinyExtractFlags(model, catalog), '--threads', '1', '--workers', '1', '--out', join(dir, 'held-local'), '--json');
    expect(local.code, local.err).to.equal(0);
    const a = await readFeatures(join(dir, 'held-local'));
    const b = await readFeatures(out);
    expect(new Set(b.ids).size).to.equal(12);
    expect(b.ids).to.deep.equal(a.ids);
    expect(Array.from(b.X)).to.deep.equal(Array.from(a.X));
    expect(readJournal(shard1).map((e) => e.part)).to.deep.equal([0, 1]);
  });

  it('a task that always fails cancels the merge; --wait and slurm status name the shard, its log and the resume', async () => {
    const catalog = writeCutouts(join(dir, 'bad'), 12, { broken: (i) => i >= 6 });
    const out = join(dir, 'bad-feats');
    const r = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', out, '--shards', '2', '--kenobi', KENOBI_FROM_SOURCE, '--submit', '--wait', '--poll', '0.5');
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/kenobi: slurm\/task-failed: shard 1\/2 has not completed \(shard 1\/2: failed, FAILED, exit 1:0/);
    expect(r.err).to.contain(join(`${out}.slurm`, 'logs', 'task-1.log'));
    expect(r.err).to.contain(`kenobi slurm resume ${out}.slurm`);
    let s = await status(out);
    for (let k = 0; k < 300 && !/^CANCELLED/.test(s.merge.why); k++) {
      await new Promise((res) => setTimeout(res, 200));
      s = await status(out);
    }
    expect(s.merge.why).to.match(/^CANCELLED/);
    expect(s.tasks.filter((t) => t.state === 'failed').map((t) => t.name)).to.deep.equal(['shard 1/2']);
    expect(s.tasks[1]!.logTail.join('\n')).to.contain('6 item(s) could not be read');
    expect(existsSync(out)).to.equal(false);
  });

  it("a partition or a size sbatch refuses is a typed error in sbatch's words, and nothing stays queued", async () => {
    const catalog = join(dir, 'ok', 'catalog.csv');
    const p = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', join(dir, 'p-feats'), '--shards', '2', '--partition', 'nosuchpartition', '--kenobi', KENOBI_FROM_SOURCE, '--submit');
    expect(p.code).to.equal(1);
    expect(p.err).to.match(/^kenobi: slurm\/partition-refused: sbatch refused the job: .*invalid partition/i);
    const c = await cli('slurm', 'extract', ...tinyExtractFlags(model, catalog), '--out', join(dir, 'c-feats'), '--shards', '2', '--cpus', '4096', '--kenobi', KENOBI_FROM_SOURCE, '--submit');
    expect(c.code).to.equal(1);
    expect(c.err).to.match(/^kenobi: slurm\/resources-refused: sbatch refused the job: /);
    const q = spawnSync('squeue', ['-h', '-n', 'kenobi-extract-p-feats,kenobi-extract-c-feats'], { encoding: 'utf8' });
    expect(q.stdout.trim()).to.equal('');
  });
});
