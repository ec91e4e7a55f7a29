/**
 * The merge of `kenobi slurm predict`: the shards' `kenobi predict --json` outputs, in shard order, as the
 * one CSV a local `kenobi predict --csv` prints. One shard in memory at a time.
 */
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { ItemFailure } from '@kenobi/features';
import { predictionsCsv, type PredictionRow } from '../predict-format.js';
import type { SlurmJobPlan } from './job-plan.js';
import { SlurmError } from './slurm-error.js';

/** What `kenobi predict --json` prints, as far as the merge reads it. */
interface PredictShard {
  readonly task?: string;
  readonly columns: readonly string[];
  readonly predictions: readonly PredictionRow[];
  readonly failures: readonly ItemFailure[];
}

function readShard(path: string): PredictShard {
  let v: Partial<PredictShard>;
  try {
    v = JSON.parse(readFileSync(path, 'utf8')) as Partial<PredictShard>;
  } catch (e) {
    throw new SlurmError('slurm/task-failed', `${path} cannot be read as kenobi predict --json output: ${(e as Error).message}`, { cause: e, hint: 'remove it and resume the job' });
  }
  if (!Array.isArray(v.columns) || !Array.isArray(v.predictions) || !Array.isArray(v.failures)) {
    throw new SlurmError('slurm/task-failed', `${path} is not kenobi predict --json output (columns, predictions, failures)`, { hint: 'remove it and resume the job' });
  }
  return v as PredictShard;
}

/**
 * Writes `plan.out` (atomically) from the shards of a predict job and returns the counts.
 *
 * @example
 * ```ts
 * mergePredictions(readJobPlan('preds.slurm')); // { rows: 998, failures: 2, shards: 4 }
 * ```
 */
export function mergePredictions(plan: SlurmJobPlan): { rows: number; failures: number; shards: number } {
  // NOTE: pass 1 finds the whole run's optional columns (a shard without failures has no error column of
  // its own); pass 2 writes each shard's lines under that one header.
  let label = false, std = false, error = false, classification = false, columns: readonly string[] = [];
  for (const t of plan.tasks) {
    const s = readShard(t.output);
    label ||= s.predictions.some((r) => r.label !== undefined);
    std ||= s.predictions.some((r) => r.stds !== undefined);
    error ||= s.failures.length > 0;
    if (s.task !== undefined) classification = s.task === 'classification';
    else classification ||= s.predictions.some((r) => r.class !== undefined);
    if (columns.length === 0) columns = s.columns;
  }
  const tmp = `${plan.out}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let rows = 0, failures = 0;
  try {
    plan.tasks.forEach((t, k) => {
      const s = readShard(t.output);
      rows += s.predictions.length;
      failures += s.failures.length;
      writeSync(fd, predictionsCsv(s.predictions, columns, classification, s.failures, { label, std, error, header: k === 0 }));
    });
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, plan.out);
  return { rows, failures, shards: plan.tasks.length };
}
