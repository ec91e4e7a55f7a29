/**
 * The tasks of a training array: a grid of flag values (`--sweep lr=1e-4,1e-3 --sweep unfreeze=1,2`) times
 * the folds of `--kfold k` (one task per fold when the command takes `--fold`), plus the final model when
 * there is no grid. Pure.
 */
import { join } from 'node:path';
import type { CommandOptions } from '../../command.js';
import { UsageError } from '../../usage-error.js';
import type { SlurmTask } from './job-plan.js';

/** One task: its description and the flags it adds to the common command line. @example `{ task: { index: 0, name: 'fold 1/5', … }, flags: ['--kfold', '5', '--fold', '0'] }` */
export interface SweepTask {
  readonly task: SlurmTask;
  readonly flags: readonly string[];
}

/**
 * `--sweep name=v1,v2` flags as an ordered grid (the first flag varies slowest).
 *
 * @example
 * ```ts
 * sweepGrid(['lr=1e-4,1e-3', 'unfreeze=1,2'], options, 'kenobi slurm finetune');
 * // [{ lr: '1e-4', unfreeze: '1' }, { lr: '1e-4', unfreeze: '2' }, { lr: '1e-3', unfreeze: '1' }, { lr: '1e-3', unfreeze: '2' }]
 * ```
 */
export function sweepGrid(sweeps: readonly string[], options: CommandOptions, command: string): Record<string, string>[] {
  let grid: Record<string, string>[] = [{}];
  for (const s of sweeps) {
    const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(s.trim());
    if (!m) throw new UsageError(`${command}: --sweep must be name=value,value (e.g. lr=1e-4,1e-3), got '${s}'`);
    const [, name, list] = m as unknown as [string, string, string];
    if (options[name]?.type !== 'string') throw new UsageError(`${command}: --sweep ${name}: not a flag with a value of this command`);
    if (name === 'out' || name === 'kfold' || name === 'fold') throw new UsageError(`${command}: --sweep cannot vary --${name}`);
    const values = list.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) throw new UsageError(`${command}: --sweep ${name}= lists no values`);
    if (grid.some((p) => name in p)) throw new UsageError(`${command}: --sweep ${name} is given twice`);
    grid = grid.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return grid;
}

/** The name of the task that trains the final model on all rows. @example `FINAL_TASK; // 'final model'` */
export const FINAL_TASK = 'final model';

/** `lr=1e-4,unfreeze=2` for people; '' for the empty point. @example `pointName({ lr: '1e-4' }); // 'lr=1e-4'` */
export function pointName(point: Readonly<Record<string, string>>): string {
  return Object.entries(point).map(([k, v]) => `${k}=${v}`).join(',');
}

const slug = (point: Readonly<Record<string, string>>): string => (pointName(point) || 'model').replace(/[^A-Za-z0-9_.=-]+/g, '_');

/**
 * The tasks for a grid and an optional k-fold split. With `splitFolds`, each point gets k tasks running
 * `--kfold k --fold i`; without it each point is one task (`--kfold k` whole when given). A job without a
 * grid also trains the final model (`--out`) in its last task.
 *
 * @example
 * ```ts
 * sweepTasks({ grid: [{}], kfold: 5, splitFolds: true, out: 'head.kenobi', jobDir: '/d/head.kenobi.slurm' }).map((t) => t.task.name);
 * // ['fold 1/5', 'fold 2/5', 'fold 3/5', 'fold 4/5', 'fold 5/5', 'final model']
 * ```
 */
export function sweepTasks(o: { grid: readonly Readonly<Record<string, string>>[]; kfold?: number; splitFolds: boolean; out?: string; jobDir: string }): SweepTask[] {
  const tasks: SweepTask[] = [];
  const add = (name: string, output: string, flags: readonly string[], point: Readonly<Record<string, string>>, fold?: number): void => {
    tasks.push({ task: { index: tasks.length, name, output, point, ...(fold !== undefined ? { fold } : {}) }, flags });
  };
  const gridded = o.grid.length > 1 || Object.keys(o.grid[0] ?? {}).length > 0;
  for (const point of o.grid) {
    const pointFlags = Object.entries(point).flatMap(([k, v]) => [`--${k}`, v]);
    const label = pointName(point);
    if (o.kfold !== undefined && o.splitFolds) {
      for (let f = 0; f < o.kfold; f++) {
        add(`${label ? `${label} ` : ''}fold ${f + 1}/${o.kfold}`, join(o.jobDir, 'tasks', `${slug(point)}.fold-${f}.json`), [...pointFlags, '--kfold', String(o.kfold), '--fold', String(f)], point, f);
      }
    } else {
      const model = gridded || !o.out ? join(o.jobDir, 'models', `${slug(point)}.kenobi`) : o.out;
      add(label || 'model', join(o.jobDir, 'tasks', `${slug(point)}.json`), [...pointFlags, ...(o.kfold !== undefined ? ['--kfold', String(o.kfold)] : []), '--out', model], point);
    }
  }
  if (!gridded && o.kfold !== undefined && o.splitFolds && o.out) add(FINAL_TASK, join(o.jobDir, 'tasks', 'final.json'), ['--out', o.out], {});
  return tasks;
}
