import { expect } from 'chai';
import { finetuneCommand } from '../finetune.js';
import { extractCommand } from '../extract.js';
import { predictCommand } from '../predict.js';
import { trainCommand } from '../train.js';
import { sbatchDirectives, SLURM_OPTIONS, slurmResources } from './slurm-resources.js';

describe('slurm resources', () => {
  it('reads the flags into resources and #SBATCH lines (the merge gets one CPU, no GPU, no memory ask)', () => {
    const r = slurmResources('kenobi slurm extract', { cpus: '8', time: '1-02:00:00', mem: '16G', gpus: 'a100:1', partition: 'gpu', account: 'astro-42', 'max-running': '10', extra: ['#SBATCH --qos=long', '--constraint=avx2'] });
    expect(r).to.deep.equal({ cpus: 8, time: '1-02:00:00', mem: '16G', gpus: 'a100:1', partition: 'gpu', account: 'astro-42', maxRunning: 10, extra: ['#SBATCH --qos=long', '#SBATCH --constraint=avx2'] });
    expect(sbatchDirectives(r, 'task')).to.deep.equal([
      '#SBATCH --cpus-per-task=8', '#SBATCH --time=1-02:00:00', '#SBATCH --mem=16G', '#SBATCH --gpus=a100:1', '#SBATCH --partition=gpu', '#SBATCH --account=astro-42',
      '#SBATCH --qos=long', '#SBATCH --constraint=avx2',
    ]);
    expect(sbatchDirectives(r, 'merge')).to.deep.equal(['#SBATCH --cpus-per-task=1', '#SBATCH --time=1-02:00:00', '#SBATCH --partition=gpu', '#SBATCH --account=astro-42', '#SBATCH --qos=long', '#SBATCH --constraint=avx2']);
    expect(slurmResources('x', {})).to.deep.equal({ cpus: 1, extra: [] });
  });

  it('refuses malformed values, naming the flag', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ cpus: '0' }, /--cpus must be a positive integer, got '0'/],
      [{ time: '2 hours' }, /--time must be minutes, HH:MM:SS or D-HH:MM:SS/],
      [{ mem: '16 GB' }, /--mem must be a size like 16G/],
      [{ gpus: 'lots' }, /--gpus must be a count or type:count/],
      [{ partition: 'gpu; rm -rf /' }, /--partition must be a partition name/],
      [{ extra: ['--qos=long', 'echo hi'] }, /--extra must be an '#SBATCH …' line, got 'echo hi'/],
    ];
    for (const [values, message] of bad) expect(() => slurmResources('kenobi slurm extract', values), JSON.stringify(values)).to.throw(message).with.property('code', 'cli/usage');
  });

  it('no flag of extract, predict, train or finetune is shadowed by a Slurm flag', () => {
    // NOTE: the slurm commands take every flag of the command their tasks run; a clash would silently eat one.
    for (const c of [extractCommand, predictCommand, trainCommand, finetuneCommand]) {
      const clash = Object.keys(SLURM_OPTIONS).filter((k) => k in c.options);
      expect(clash, c.words.join(' ')).to.deep.equal([]);
    }
  });
});
