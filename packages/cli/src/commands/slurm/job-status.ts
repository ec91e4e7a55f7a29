/**
 * Where every task of a job folder is (complete, running, pending, failed or missing) and where its merge is,
 * from the outputs themselves, the logs, and what Slurm still knows (`scheduler-states.ts`).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { jobFiles, type SlurmJobPlan, type SlurmSubmission, type SlurmTask } from './job-plan.js';
import { schedulerPhase, schedulerStates, type SchedulerRecord } from './scheduler-states.js';
import type { CommandRunner } from './slurm-client.js';
import { checkShardStores, mergedState, outputState } from './task-outputs.js';

/**
 * The states of a task: `complete` (its output is), `running`, `pending`, `failed` (ended without a complete
 * output: non-zero exit, cancelled, timed out, killed) or `missing` (never submitted, or gone without a trace).
 *
 * @example
 * ```ts
 * TASK_STATES; // ['complete', 'running', 'pending', 'failed', 'missing']
 * ```
 */
export const TASK_STATES = Object.freeze(['complete', 'running', 'pending', 'failed', 'missing'] as const);
/** One of {@link TASK_STATES}. @example `const s: TaskState = 'failed';` */
export type TaskState = (typeof TASK_STATES)[number];

/** One task's (or the merge's) state and why. @example `{ state: 'failed', why: 'FAILED, exit 1:0', job: '123_2', log: '…/task-2.log', logTail: ['…'] }` */
export interface StepStatus {
  readonly state: TaskState;
  /** A few words: the Slurm state and exit code, or what the outputs and logs say. */
  readonly why: string;
  /** `123_2` (array task) or `124` (merge) of the latest submission, when submitted. */
  readonly job?: string;
  readonly log: string;
  /** The last lines of the log, for failed steps. */
  readonly logTail: readonly string[];
  /** Slurm's own state word (PENDING, RUNNING, FAILED, ...) when Slurm still knows the job. */
  readonly slurmState?: string;
}

/** A task's status. @example `status.tasks[2].task.name; // 'shard 2/4'` */
export interface TaskStatus extends StepStatus {
  readonly task: SlurmTask;
}

/**
 * The whole job: each task, the merge, counts, and whether the job is `finished` (merge complete), `stuck`
 * (something failed, so the merge can never run: resume needed) or still going.
 *
 * @example
 * ```ts
 * const s = await jobStatus(plan, execRunner); s.counts.failed; s.merge.state; s.finished;
 * ```
 */
export interface JobStatus {
  readonly plan: SlurmJobPlan;
  readonly tasks: readonly TaskStatus[];
  readonly merge: StepStatus;
  readonly counts: Readonly<Record<TaskState, number>>;
  readonly finished: boolean;
  readonly stuck: boolean;
  /** False when no Slurm command answered (states from outputs and logs only). */
  readonly schedulerSeen: boolean;
}

const TAIL_LINES = 12;

/**
 * The last `lines` lines of a log file ([] when there is none).
 *
 * @example
 * ```ts
 * logTail('feats.slurm/logs/task-2.log', 5); // ['kenobi: features/…', 'kenobi-slurm: task 2 exit 1 at …']
 * ```
 */
export function logTail(path: string, lines = TAIL_LINES): string[] {
  if (!existsSync(path)) return [];
  const size = statSync(path).size;
  const n = Math.min(size, 16384);
  const buf = Buffer.alloc(n);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, n, size - n);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8').split('\n').map((l) => l.replace(/\r/g, '')).filter((l) => l.trim() !== '').slice(-lines);
}

/** The exit code in the script's last `kenobi-slurm: <what> exit N` line, if the log ends with one. */
function loggedExit(tail: readonly string[], what: string): number | undefined {
  const starts = tail.findLastIndex((l) => l.startsWith(`kenobi-slurm: ${what} start`));
  const exit = tail.findLastIndex((l) => l.startsWith(`kenobi-slurm: ${what} exit`));
  if (exit < 0 || exit < starts) return undefined;
  return Number(/ exit (\d+)/.exec(tail[exit]!)?.[1]);
}

function said(rec: SchedulerRecord): string {
  return `${rec.state}${rec.exitCode && rec.exitCode !== '0:0' ? `, exit ${rec.exitCode}` : ''}${rec.reason && rec.reason !== 'None' ? `, ${rec.reason}` : ''}`;
}

/**
 * One step's state. A failure Slurm or the log reports wins over an output that looks complete (an
 * extraction whose every image failed writes a complete, empty store and exits 1).
 */
function step(output: 'complete' | 'partial' | 'absent', job: string | undefined, rec: SchedulerRecord | undefined, log: string, what: string): StepStatus {
  const base = { ...(job ? { job } : {}), log, ...(rec ? { slurmState: rec.state } : {}) };
  const done = (why: string): StepStatus => ({ state: 'complete', why, ...base, logTail: [] });
  const failed = (why: string, tail: readonly string[]): StepStatus => ({ state: 'failed', why, ...base, logTail: tail });
  if (rec) {
    const phase = schedulerPhase(rec);
    if (phase === 'failed') return failed(said(rec), logTail(log));
    if (output === 'complete') return done(rec.state);
    if (phase === 'completed') return failed(`${said(rec)}, but its output is not complete`, logTail(log));
    return { state: phase, why: said(rec), ...base, logTail: [] };
  }
  if (!job) return output === 'complete' ? done('output complete') : { state: 'missing', why: output === 'partial' ? 'not submitted (a partial output is there: it will be resumed)' : 'not submitted', ...base, logTail: [] };
  const tail = logTail(log);
  const code = loggedExit(tail, what);
  if (code !== undefined && code !== 0) return failed(`exit ${code} (its log says; Slurm no longer lists job ${job})`, tail);
  if (output === 'complete') return done('output complete');
  if (code === 0) return failed(`exit 0 (its log says), but its output is not complete`, tail);
  if (tail.length > 0) return failed(`stopped without finishing: its log has no exit line (killed or cancelled?); Slurm no longer lists job ${job}`, tail);
  return { state: 'missing', why: `submitted as job ${job}, but Slurm no longer lists it and it left no log`, ...base, logTail: [] };
}

/** The latest submission that included task `index`. */
function latestFor(plan: SlurmJobPlan, index: number): SlurmSubmission | undefined {
  return plan.submissions.findLast((s) => s.arrayJobId !== undefined && s.tasks.includes(index));
}

/**
 * The status of every task and of the merge. Throws `slurm/store-mismatch` when a shard store belongs to
 * another model or preprocessing.
 *
 * @example
 * ```ts
 * const s = await jobStatus(readJobPlan('feats.slurm'), execRunner);
 * s.tasks.filter((t) => t.state === 'failed').map((t) => t.task.name); // ['shard 2/4']
 * ```
 */
export async function jobStatus(plan: SlurmJobPlan, run: CommandRunner): Promise<JobStatus> {
  checkShardStores(plan);
  const files = jobFiles(plan.jobDir);
  const ids = [...new Set(plan.submissions.flatMap((s) => [...(s.arrayJobId ? [s.arrayJobId] : []), s.mergeJobId]))];
  const probe = ids.length > 0 ? await run('scontrol', ['--version']) : undefined;
  const schedulerSeen = probe !== undefined && !probe.missing;
  const states = schedulerSeen ? await schedulerStates(run, ids) : new Map<string, SchedulerRecord>();
  const tasks = plan.tasks.map((task): TaskStatus => {
    const sub = latestFor(plan, task.index);
    const job = sub ? `${sub.arrayJobId}_${task.index}` : undefined;
    return { task, ...step(outputState(plan, task), job, job ? states.get(job) : undefined, files.taskLog(task.index), `task ${task.index}`) };
  });
  const lastMerge = plan.submissions.at(-1)?.mergeJobId;
  const merge = step(mergedState(plan), lastMerge, lastMerge ? states.get(lastMerge) : undefined, files.mergeLog, 'merge');
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, tasks.filter((t) => t.state === s).length])) as Record<TaskState, number>;
  const finished = merge.state === 'complete';
  const tasksOver = counts.running === 0 && counts.pending === 0;
  const stuck = !finished && (merge.state === 'failed' || (tasksOver && counts.failed > 0) || (tasksOver && counts.missing > 0 && merge.state !== 'pending' && merge.state !== 'running'));
  return { plan, tasks, merge, counts, finished, stuck, schedulerSeen };
}
