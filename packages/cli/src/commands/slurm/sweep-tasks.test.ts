import { expect } from 'chai';
import { finetuneCommand } from '../finetune.js';
import { trainCommand } from '../train.js';
import { arrayList } from './submit-job.js';
import { summaryCsv, summaryLines, type SweepSummary } from './aggregate-sweep.js';
import { sweepGrid, sweepTasks } from './sweep-tasks.js';

describe('slurm sweeps: grids, tasks and the summary table', () => {
  it('a grid is the product of the --sweep lists, the first varying slowest; bad sweeps are usage errors', () => {
    expect(sweepGrid(['lr=1e-4,3e-4', 'unfreeze=1,2'], finetuneCommand.options, 'x')).to.deep.equal([
      { lr: '1e-4', unfreeze: '1' }, { lr: '1e-4', unfreeze: '2' }, { lr: '3e-4', unfreeze: '1' }, { lr: '3e-4', unfreeze: '2' },
    ]);
    expect(sweepGrid([], trainCommand.options, 'x')).to.deep.equal([{}]);
    const bad: [string[], RegExp][] = [
      [['lr'], /--sweep must be name=value,value/],
      [['bogus=1,2'], /--sweep bogus: not a flag with a value/],
      [['bn=1,2'], /--sweep bn: not a flag with a value/],
      [['kfold=3,5'], /--sweep cannot vary --kfold/],
      [['lr=1', 'lr=2'], /--sweep lr is given twice/],
      [['lr=,'], /lists no values/],
    ];
    for (const [s, re] of bad) expect(() => sweepGrid(s, trainCommand.options, 'kenobi slurm train'), s.join(' ')).to.throw(re);
  });

  it('tasks: folds split per point when the command takes --fold; one task per point otherwise; the final model only without a grid', () => {
    const folds = sweepTasks({ grid: [{}], kfold: 3, splitFolds: true, out: '/o/h.kenobi', jobDir: '/o/h.kenobi.slurm' });
    expect(folds.map((t) => [t.task.index, t.task.name, t.flags.join(' ')])).to.deep.equal([
      [0, 'fold 1/3', '--kfold 3 --fold 0'], [1, 'fold 2/3', '--kfold 3 --fold 1'], [2, 'fold 3/3', '--kfold 3 --fold 2'], [3, 'final model', '--out /o/h.kenobi'],
    ]);
    const grid = sweepTasks({ grid: [{ lr: '0.1' }, { lr: '0.01' }], kfold: 2, splitFolds: true, out: '/o/h.kenobi', jobDir: '/j' });
    expect(grid.map((t) => t.task.name)).to.deep.equal(['lr=0.1 fold 1/2', 'lr=0.1 fold 2/2', 'lr=0.01 fold 1/2', 'lr=0.01 fold 2/2']);
    expect(grid[2]!.task.output).to.equal('/j/tasks/lr=0.01.fold-0.json');
    const whole = sweepTasks({ grid: [{ unfreeze: '1' }, { unfreeze: '2' }], kfold: 5, splitFolds: false, out: '/o/f.kenobi', jobDir: '/j' });
    expect(whole.map((t) => t.flags.join(' '))).to.deep.equal(['--unfreeze 1 --kfold 5 --out /j/models/unfreeze=1.kenobi', '--unfreeze 2 --kfold 5 --out /j/models/unfreeze=2.kenobi']);
  });

  it('array lists compress runs; the summary table has the swept values and mean/std per metric', () => {
    expect(arrayList([7, 0, 1, 2, 5, 8])).to.equal('0-2,5,7-8');
    const s: SweepSummary = {
      kind: 'finetune', tasks: 4,
      points: [
        { point: { lr: '1e-4' }, name: 'lr=1e-4', crossValidation: { perFold: [{ auc: 0.8 }, { auc: 0.9 }], mean: { auc: 0.85 }, std: { auc: 0.05 }, missing: { auc: 0 } }, numbers: {} },
        { point: { lr: '1e-3' }, name: 'lr=1e-3', crossValidation: { perFold: [{ auc: 0.9 }, { auc: 0.9 }], mean: { auc: 0.9 }, std: { auc: 0 }, missing: { auc: 0 } }, numbers: {} },
      ],
    };
    expect(summaryCsv(s)).to.equal('lr,auc_mean,auc_std\n1e-4,0.85,0.05\n1e-3,0.9,0\n');
    expect(summaryLines(s)).to.deep.equal(['lr=1e-4: auc 0.8500 ± 0.0500 (2 folds)', 'lr=1e-3: auc 0.9000 ± 0.0000 (2 folds)']);
  });
});
