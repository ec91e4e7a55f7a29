/**
 * `kenobi slurm train` and `kenobi slurm finetune`: cross-validation and sweeps as a Slurm job array, one
 * task per fold (`--kfold k --fold i`) or grid point (`--sweep lr=…`), each running the kenobi command with
 * every flag given and `--json`, then a merge job that aggregates their outputs (mean ± std per point, a
 * table for a grid).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../../command.js';
import { UsageError } from '../../usage-error.js';
import { finetuneCommand } from '../finetune.js';
import { trainCommand } from '../train.js';
import { forwardFlags } from './forward-flags.js';
import { launchJob } from './launch-job.js';
import { SLURM_OPTIONS, SLURM_OPTIONS_HELP, slurmResources } from './slurm-resources.js';
import { shellCommand, shellQuote } from './shell-quote.js';
import { sweepGrid, sweepTasks } from './sweep-tasks.js';
import { kenobiCommand, writeJobFolder } from './write-job-folder.js';

/** Flags of the target command that the array sets itself. */
const OWN = ['json', 'fold'];
const FINETUNE_RESUME_HELP = `  (each task runs with --resume: one stopped by its --time limit or preempted (SIGTERM) has written
   <model>.ckpt, and continues from it when kenobi slurm resume resubmits it)
`;
const ARCH_RESUME_HELP = `  (with --arch each task runs with --resume: one stopped by its --time limit or preempted (SIGTERM) has
   written <model>.ckpt, and continues from it when kenobi slurm resume resubmits it)
`;

function sweepCommand(kind: 'train' | 'finetune', target: Command): Command {
  const name = `kenobi slurm ${kind}`;
  const targetOptions = Object.fromEntries(Object.entries(target.options).filter(([k]) => !OWN.includes(k)));
  const command: Command = {
    words: ['slurm', kind],
    summary: `${kind === 'train' ? 'Cross-validate or sweep kenobi train' : 'Sweep or cross-validate kenobi finetune'} on a Slurm cluster: a job array (one task per fold or grid point) and an aggregate job`,
    usage: `${name} [any kenobi ${kind} flag] --out <model.kenobi> (--kfold k | --sweep <flag>=v1,v2 ...) [--partition p] [--time …] [--cpus N] [--mem …] [--gpus N] [--account a] [--extra '#SBATCH …'] [--job-dir <out>.slurm] [--submit [--wait]] [--json]`,
    details: `
Writes a job folder (default <out>.slurm) with array.sbatch, one task per fold and/or grid point, each running
kenobi ${kind} with every flag given plus its own (--kfold k --fold i, or --lr 1e-3, ...) and --json into
<job>/tasks/<task>.json (moved into place only on success), and merge.sbatch (kenobi slurm merge <job>,
after every task succeeded), which aggregates them into <job>/summary.json and summary.csv: per grid point the
metrics of each fold and their mean ± std (population std, as a local --kfold), or the numbers each task
printed.

  --kfold k     one task per fold when kenobi ${kind} takes --fold${kind === 'train' ? ' (heads on --features; --arch runs --kfold whole per task)' : ' (otherwise each task runs its k folds)'};
                without --sweep, one more task trains the final model into --out
  --sweep f=a,b one task per value of --f (repeatable: the grid of all combinations), e.g. --sweep lr=1e-4,1e-3
                --sweep unfreeze=1,2; the models go to <job>/models/
${kind === 'finetune' ? FINETUNE_RESUME_HELP : ARCH_RESUME_HELP}
${SLURM_OPTIONS_HELP}

Example: ${name} ${kind === 'train' ? '--features feats --head mlp --kfold 5 --out head.kenobi' : '--model densenet121-keras --data gz1.csv --sweep lr=1e-4,3e-4 --sweep unfreeze=1,2 --out gz1.kenobi'} \\
           --cpus 4 --time 01:00:00 --submit --wait`,
    options: { ...targetOptions, ...SLURM_OPTIONS, sweep: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    async run({ values }, io) {
      const kfold = values.kfold === undefined ? undefined : Number(values.kfold);
      if (kfold !== undefined && (!Number.isInteger(kfold) || kfold < 2)) throw new UsageError(`${name}: --kfold must be an integer >= 2, got '${String(values.kfold)}'`);
      const grid = sweepGrid((values.sweep as string[] | undefined) ?? [], target.options, name);
      const swept = Object.keys(grid[0] ?? {});
      for (const f of swept) if (values[f] !== undefined) throw new UsageError(`${name}: --${f} is both given and swept (--sweep ${f}=…): choose one`);
      if (kfold === undefined && swept.length === 0) throw new UsageError(`${name}: nothing to run in parallel: give --kfold k and/or --sweep <flag>=v1,v2`);
      if (typeof values.out !== 'string' && typeof values['job-dir'] !== 'string') throw new UsageError(`${name}: --out (or --job-dir) is required. Usage: ${command.usage}`);
      const out = typeof values.out === 'string' ? resolve(values.out) : undefined;
      const jobDir = resolve(typeof values['job-dir'] === 'string' ? values['job-dir'] : `${out}.slurm`);
      const splitFolds = kfold !== undefined && 'fold' in target.options && !(kind === 'train' && typeof values.arch === 'string');
      const tasks = sweepTasks({ grid, ...(kfold !== undefined ? { kfold } : {}), splitFolds, ...(out ? { out } : {}), jobDir });
      const resources = slurmResources(name, values);
      // NOTE: a task that trains a network (kenobi finetune, kenobi train --arch) runs with --resume: stopped by
      // its time limit or a preemption (SIGTERM: the step ends, <model>.ckpt is written), it continues from that
      // checkpoint when `kenobi slurm resume` resubmits it; each task has its own --out, hence its own checkpoint.
      const resumable = kind === 'finetune' || typeof values.arch === 'string';
      const args = [...forwardFlags(values, target.options, [...OWN, 'kfold', 'out', 'resume', ...swept]), ...(resumable ? ['--resume'] : [])];
      const kenobi = kenobiCommand(values.kenobi);
      mkdirSync(join(jobDir, 'tasks'), { recursive: true });
      if (tasks.some((t) => t.flags.some((f) => f.startsWith(join(jobDir, 'models'))))) mkdirSync(join(jobDir, 'models'), { recursive: true });
      const cases = tasks.map((t) => `  ${t.task.index}) out=${shellQuote(t.task.output)}; set -- ${t.flags.map(shellQuote).join(' ')} ;;  # ${t.task.name}`);
      const plan = writeJobFolder({
        kind, jobDir, out: join(jobDir, 'summary.json'), cwd: process.cwd(), kenobi, args, resources,
        tasks: tasks.map((t) => t.task),
      }, {
        summary: [`kenobi slurm ${kind}: ${tasks.length} task(s) (${kfold !== undefined ? `${kfold} folds` : 'no folds'}${swept.length > 0 ? `, a grid of ${grid.length} over ${swept.join(', ')}` : ''}), each writing its --json into ${join(jobDir, 'tasks')};`, `then the merge job (merge.sbatch) aggregates them into ${join(jobDir, 'summary.json')} and summary.csv.`],
        task: [
          'case $task in',
          ...cases,
          '  *) echo "kenobi-slurm: no task $task in this array" >&2; exit 2 ;;',
          'esac',
          '# NOTE: the JSON is moved into place only when the command succeeded: its presence means the task is done.',
          shellCommand([...kenobi, kind, ...args, { raw: '"$@"' }, '--json', { raw: '> "$out.tmp" && mv "$out.tmp" "$out"' }]),
        ],
        merge: [shellCommand([...kenobi, 'slurm', 'merge', jobDir])],
      });
      return launchJob(plan, values, io, name);
    },
  };
  return command;
}

/**
 * The `slurm train` command.
 *
 * @example
 * ```sh
 * kenobi slurm train --features feats --head linear --kfold 5 --out head.kenobi --submit --wait
 * ```
 */
export const slurmTrainCommand: Command = sweepCommand('train', trainCommand);

/**
 * The `slurm finetune` command.
 *
 * @example
 * ```sh
 * kenobi slurm finetune --model densenet121-keras --data gz1.csv --sweep lr=1e-4,3e-4 --sweep unfreeze=1,2 --out gz1.kenobi --gpus 1 --submit
 * ```
 */
export const slurmFinetuneCommand: Command = sweepCommand('finetune', finetuneCommand);
