import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { sbatch, sbatchRefusal, scancel, type CommandResult, type CommandRunner } from './slurm-client.js';
import { SlurmError } from './slurm-error.js';

const answer = (r: Partial<CommandResult>): CommandRunner => async () => ({ code: 0, stdout: '', stderr: '', missing: false, ...r });

describe('slurm client: sbatch and its refusals', () => {
  it('turns what sbatch says into typed errors with a hint (partition, account, resources, array size, anything else)', () => {
    const cases: [string, string][] = [
      // recorded from Slurm 22.05.8
      ['sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n', 'slurm/partition-refused'],
      ['sbatch: error: Batch job submission failed: More processors requested than permitted\n', 'slurm/resources-refused'],
      ['sbatch: error: Memory specification can not be satisfied\nsbatch: error: Batch job submission failed: Requested node configuration is not available\n', 'slurm/resources-refused'],
      ['sbatch: error: Batch job submission failed: Invalid job array specification\n', 'slurm/resources-refused'],
      ['sbatch: error: Invalid --time specification\n', 'slurm/resources-refused'],
      // as sites with accounting enforcement print them (slurmdbd associations; not reproducible on the test cluster)
      ['sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n', 'slurm/account-refused'],
      ['sbatch: error: Batch job submission failed: Invalid qos specification\n', 'slurm/account-refused'],
      ['sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user\'s size and/or time limits)\n', 'slurm/account-refused'],
      ['sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n', 'slurm/submit-failed'],
      ['', 'slurm/submit-failed'],
    ];
    for (const [stderr, code] of cases) {
      const e = sbatchRefusal(stderr, 1);
      expect(e, stderr).to.be.instanceOf(SlurmError);
      expect(e.code, stderr).to.equal(code);
    }
    const p = sbatchRefusal(cases[0]![0], 1);
    expect(p.message).to.equal('sbatch refused the job: invalid partition specified: nope; Batch job submission failed: Invalid partition name specified (sinfo -s lists the partitions you may use)');
  });

  it('sbatch: the job id of --parsable (with or without a cluster name); no sbatch is slurm/sbatch-missing; a refusal throws', async () => {
    expect(await sbatch(answer({ stdout: '123\n' }), [], 'a.sbatch')).to.equal('123');
    expect(await sbatch(answer({ stdout: '456;cluster2\n' }), ['--dependency=afterok:1'], 'm.sbatch')).to.equal('456');
    await sbatch(answer({ missing: true, code: -2 }), [], 'a.sbatch').then(() => expect.fail('resolved'), (e: unknown) => {
      expect(isKenobiError(e, 'slurm/sbatch-missing')).to.equal(true);
      expect((e as Error).message).to.contain('sbatch a.sbatch');
    });
    await sbatch(answer({ code: 1, stderr: 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n' }), [], 'a.sbatch')
      .then(() => expect.fail('resolved'), (e: unknown) => expect(isKenobiError(e, 'slurm/account-refused')).to.equal(true));
    await sbatch(answer({ stdout: 'hello\n' }), [], 'a.sbatch').then(() => expect.fail('resolved'), (e: unknown) => expect(isKenobiError(e, 'slurm/submit-failed')).to.equal(true));
  });

  it('scancel: a job that already ended is no error, anything else is', async () => {
    await scancel(answer({ code: 1, stderr: 'scancel: error: Kill job error on job id 5: Invalid job id specified\n' }), ['5']);
    await scancel(answer({ code: 1, stderr: 'scancel: error: Unable to contact slurm controller\n' }), ['5'])
      .then(() => expect.fail('resolved'), (e: unknown) => expect(isKenobiError(e, 'slurm/command-failed')).to.equal(true));
  });
});
