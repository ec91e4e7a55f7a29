/**
 * `kenobi slurm merge <job>`: what a job folder's merge job runs (and a person may run by hand once every
 * task is complete): the shard stores into one store, the shard predictions into one CSV, or a sweep's
 * outputs into its summary.
 */
import { rmSync } from 'node:fs';
import { mergeFeatureStores } from '@kenobi/features/node';
import type { Command } from '../../command.js';
import { aggregateSweep, summaryLines } from './aggregate-sweep.js';
import { findJobDir, readJobPlan } from './job-plan.js';
import { mergePredictions } from './merge-predictions.js';
import { SlurmError } from './slurm-error.js';
import { checkShardStores, mergedState, outputState } from './task-outputs.js';

/**
 * The `slurm merge` command.
 *
 * @example
 * ```sh
 * kenobi slurm merge preds.csv.slurm   # writes preds.csv from the shards' predictions
 * ```
 */
export const slurmMergeCommand: Command = {
  words: ['slurm', 'merge'],
  summary: "Merge a Slurm job folder's task outputs (what its merge job runs): one store, one CSV, or a sweep summary",
  usage: 'kenobi slurm merge <job-dir|out> [--json]',
  details: `
Refuses while a task's output is not complete (naming it; kenobi slurm resume <job> reruns it), and shard
stores of different models or preprocessing. extract: kenobi features merge of the shards into <out>;
predict: the shards' predictions as one CSV (the same as a local kenobi predict --csv); train/finetune: the
folds' metrics with mean ± std per grid point, into <job>/summary.json and summary.csv.

Example: kenobi slurm merge feats.slurm`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const plan = readJobPlan(findJobDir(positionals[0]!));
    checkShardStores(plan);
    const open = plan.tasks.filter((t) => outputState(plan, t) !== 'complete');
    if (open.length > 0) {
      throw new SlurmError('slurm/task-failed', `${open.length} task(s) not complete (${open.slice(0, 5).map((t) => t.name).join(', ')}${open.length > 5 ? ', ...' : ''}): nothing merged`, {
        hint: `kenobi slurm status ${plan.jobDir} says why; kenobi slurm resume ${plan.jobDir} reruns them`,
      });
    }
    let result: Record<string, unknown>;
    if (plan.kind === 'extract') {
      // NOTE: a merge that died half-way left a store marked running; its parts are copies of the shards'.
      if (mergedState(plan) === 'partial') rmSync(plan.out, { recursive: true, force: true });
      const meta = mergeFeatureStores(plan.tasks.map((t) => t.output), plan.out);
      result = { out: plan.out, rows: meta.rows, dim: meta.dim, shards: plan.tasks.length };
      if (!values.json) io.stdout.write(`merged ${plan.tasks.length} shard(s): ${meta.rows} rows x ${meta.dim} features -> ${plan.out}\n`);
    } else if (plan.kind === 'predict') {
      const r = mergePredictions(plan);
      result = { out: plan.out, ...r };
      if (!values.json) io.stdout.write(`merged ${r.shards} shard(s): ${r.rows} predictions${r.failures ? `, ${r.failures} failed images` : ''} -> ${plan.out}\n`);
    } else {
      const s = await aggregateSweep(plan);
      result = { out: plan.out, summary: s };
      if (!values.json) io.stdout.write(`${summaryLines(s).join('\n')}\nsummary: ${plan.out} (and summary.csv)\n`);
    }
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  },
};
