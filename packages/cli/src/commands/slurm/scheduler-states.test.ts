import { expect } from 'chai';
import type { CommandResult } from './slurm-client.js';
import { expandTaskIds, parseSacct, parseScontrol, schedulerPhase, schedulerStates } from './scheduler-states.js';

// NOTE: lines recorded from Slurm 22.05.8 (scripts/slurm/start-cluster.sh), cut after the fields read.
const SCONTROL = [
  'JobId=89 ArrayJobId=89 ArrayTaskId=0-1,3-5%2 ArrayTaskThrottle=2 JobName=t.sbatch UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=0 Nice=0 Account=(null) QOS=(null) JobState=PENDING Reason=JobHeldUser Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1',
  'JobId=92 ArrayJobId=89 ArrayTaskId=2 JobName=t.sbatch UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=1:0 RunTime=00:00:03',
  'JobId=90 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901721 Nice=0 Account=(null) QOS=(null) JobState=CANCELLED Reason=DependencyNeverSatisfied Dependency=afterok:89_*(failed) Requeue=1 ExitCode=0:0',
].join('\n');

describe('slurm scheduler states', () => {
  it('expands array task lists as Slurm writes them', () => {
    expect(expandTaskIds('0-1,3-5%2')).to.deep.equal([0, 1, 3, 4, 5]);
    expect(expandTaskIds('[5-7]')).to.deep.equal([5, 6, 7]);
    expect(expandTaskIds('0-8:4')).to.deep.equal([0, 4, 8]);
    expect(expandTaskIds('N/A')).to.deep.equal([]);
  });

  it('parses scontrol show job -o: a pending range is one record per task, an ended task its own', () => {
    const recs = parseScontrol(SCONTROL);
    expect(recs.map((r) => r.key)).to.deep.equal(['89_0', '89_1', '89_3', '89_4', '89_5', '89_2', '90']);
    expect(recs[5]).to.deep.equal({ key: '89_2', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: '1:0' });
    expect(recs.map(schedulerPhase)).to.deep.equal(['pending', 'pending', 'pending', 'pending', 'pending', 'failed', 'failed']);
  });

  it('parses sacct -P output (array ranges, "CANCELLED by 0")', () => {
    expect(parseSacct('123_4|CANCELLED by 0|0:15\n123_[5-6]|PENDING|0:0\n124|TIMEOUT|0:0\n')).to.deep.equal([
      { key: '123_4', state: 'CANCELLED', exitCode: '0:15' }, { key: '123_5', state: 'PENDING', exitCode: '0:0' },
      { key: '123_6', state: 'PENDING', exitCode: '0:0' }, { key: '124', state: 'TIMEOUT', exitCode: '0:0' },
    ]);
  });

  it('a job pending on a dependency that can never be met counts as failed; running and completing as running', () => {
    expect(schedulerPhase({ key: '1', state: 'PENDING', reason: 'DependencyNeverSatisfied' })).to.equal('failed');
    expect(schedulerPhase({ key: '1', state: 'PENDING', reason: 'Dependency' })).to.equal('pending');
    expect(schedulerPhase({ key: '1', state: 'COMPLETING' })).to.equal('running');
    expect(schedulerPhase({ key: '1', state: 'OUT_OF_MEMORY' })).to.equal('failed');
    expect(schedulerPhase({ key: '1', state: 'COMPLETED' })).to.equal('completed');
  });

  it('asks scontrol per job and sacct only for the jobs scontrol forgot; a site without accounting is fine; no controller is an error', async () => {
    const calls: string[] = [];
    const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: '', missing: false });
    const run = async (cmd: string, args: readonly string[]): Promise<CommandResult> => {
      calls.push(`${cmd} ${args.join(' ')}`);
      if (cmd === 'scontrol' && args.at(-1) === '89') return ok(SCONTROL.split('\n').slice(0, 2).join('\n'));
      if (cmd === 'scontrol') return { code: 1, stdout: '', stderr: 'slurm_load_jobs error: Invalid job id specified\n', missing: false };
      return ok('70_0|COMPLETED|0:0\n70_1|OUT_OF_MEMORY|0:125\n');
    };
    const states = await schedulerStates(run, ['89', '70']);
    expect(calls).to.deep.equal(['scontrol show job -o 89', 'scontrol show job -o 70', 'sacct -n -P -X -j 70 -o JobID,State,ExitCode']);
    expect(states.get('89_2')?.state).to.equal('FAILED');
    expect(states.get('70_1')).to.deep.equal({ key: '70_1', state: 'OUT_OF_MEMORY', exitCode: '0:125' });
    const noAccounting = await schedulerStates(async (cmd) => (cmd === 'sacct' ? { code: 1, stdout: '', stderr: 'Slurm accounting storage is disabled\n', missing: false } : { code: 1, stdout: '', stderr: 'Invalid job id', missing: false }), ['70']);
    expect(noAccounting.size).to.equal(0);
    await schedulerStates(async () => ({ code: 1, stdout: '', stderr: 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n', missing: false }), ['70'])
      .then(() => expect.fail('resolved'), (e: unknown) => expect(e).to.have.property('code', 'slurm/command-failed'));
  });
});
