/**
 * Submitting a job folder's scripts: the array (all tasks, or on resume only the failed and missing ones)
 * and then the merge with `--dependency=afterok` on it, recorded in `job.json`.
 */
import { jobFiles, readJobPlan, writeJobPlan, type SlurmJobPlan, type SlurmSubmission } from './job-plan.js';
import { jobStatus } from './job-status.js';
import { sbatch, scancel, type CommandRunner } from './slurm-client.js';

/**
 * Task ids as one `--array` list: runs become ranges.
 *
 * @example
 * ```ts
 * arrayList([0, 1, 2, 5, 7, 8]); // '0-2,5,7-8'
 * ```
 */
export function arrayList(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(',');
}

/** What a submission did. @example `{ submission: { arrayJobId: '12', mergeJobId: '13', tasks: [0, 1, 2, 3], … }, waitingOn: [] }` */
export interface SubmitResult {
  readonly plan: SlurmJobPlan;
  /** Undefined when there was nothing to submit (the merge is complete, or still queued with nothing failed). */
  readonly submission?: SlurmSubmission;
  /** Tasks of earlier submissions still pending or running, which the new merge also waits for. */
  readonly waitingOn: readonly string[];
  /** A merge job of an earlier submission that could never run and was cancelled. */
  readonly cancelledMerge?: string;
}

async function submitPair(plan: SlurmJobPlan, run: CommandRunner, tasks: readonly number[], all: boolean, waitingOn: readonly string[]): Promise<SlurmSubmission> {
  const f = jobFiles(plan.jobDir);
  const throttle = plan.resources.maxRunning ? `%${plan.resources.maxRunning}` : '';
  const arrayJobId = tasks.length === 0 ? undefined : await sbatch(run, all ? [] : [`--array=${arrayList(tasks)}${throttle}`], f.arrayScript);
  const after = [...(arrayJobId ? [arrayJobId] : []), ...waitingOn];
  let mergeJobId: string;
  try {
    mergeJobId = await sbatch(run, after.length > 0 ? [`--dependency=afterok:${after.join(':')}`] : [], f.mergeScript);
  } catch (e) {
    // NOTE: an array without its merge would run for nothing; cancel it so a resume starts clean.
    if (arrayJobId) await scancel(run, [arrayJobId]).catch(() => {});
    throw e;
  }
  return { ...(arrayJobId ? { arrayJobId } : {}), mergeJobId, tasks: [...tasks], submittedAt: new Date().toISOString() };
}

/**
 * Submits every task of a freshly planned job folder, then its merge.
 *
 * @example
 * ```ts
 * const { submission } = await submitAll(plan, execRunner); submission.arrayJobId; // '123'
 * ```
 */
export async function submitAll(plan: SlurmJobPlan, run: CommandRunner): Promise<SubmitResult & { submission: SlurmSubmission }> {
  const submission = await submitPair(plan, run, plan.tasks.map((t) => t.index), true, []);
  const next = { ...readJobPlan(plan.jobDir), submissions: [...plan.submissions, submission] };
  writeJobPlan(next);
  return { plan: next, submission, waitingOn: [] };
}

/**
 * Resubmits only the tasks that are failed or missing (a partial shard store is continued by `--resume`,
 * so no row is computed twice), then a merge that waits for them and for the tasks still queued or running;
 * cancels an earlier merge that can no longer run. Nothing happens when the job is complete or on its way.
 *
 * @example
 * ```ts
 * const r = await resubmit(readJobPlan('feats.slurm'), execRunner); r.submission?.tasks; // [2]
 * ```
 */
export async function resubmit(plan: SlurmJobPlan, run: CommandRunner): Promise<SubmitResult> {
  const status = await jobStatus(plan, run);
  if (status.finished) return { plan, waitingOn: [] };
  const redo = status.tasks.filter((t) => t.state === 'failed' || t.state === 'missing').map((t) => t.task.index);
  const waitingOn = status.tasks.filter((t) => (t.state === 'pending' || t.state === 'running') && t.job).map((t) => t.job!);
  const mergeAlive = status.merge.state === 'pending' || status.merge.state === 'running';
  if (redo.length === 0 && mergeAlive) return { plan, waitingOn };
  let cancelledMerge: string | undefined;
  // NOTE: a merge whose dependency can never be met stays PENDING forever where the site lacks
  // DependencyParameters=kill_invalid_depend: cancel it too.
  if (status.merge.job && (mergeAlive || status.merge.slurmState === 'PENDING')) {
    await scancel(run, [status.merge.job]);
    cancelledMerge = status.merge.job;
  }
  const submission = await submitPair(plan, run, redo, false, waitingOn);
  const next = { ...readJobPlan(plan.jobDir), submissions: [...plan.submissions, submission] };
  writeJobPlan(next);
  return { plan: next, submission, waitingOn, ...(cancelledMerge ? { cancelledMerge } : {}) };
}
