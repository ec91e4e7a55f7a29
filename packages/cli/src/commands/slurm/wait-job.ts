/**
 * `--wait`: follows a job folder until its merge ends, with a progress line (tasks pending, running,
 * complete, failed), and turns a failure into `slurm/task-failed` after printing each failed task's log tail.
 */
import { existsSync } from 'node:fs';
import type { CommandIo } from '../../command.js';
import { readJobPlan } from './job-plan.js';
import { jobStatus, type JobStatus } from './job-status.js';
import type { CommandRunner } from './slurm-client.js';
import { SlurmError } from './slurm-error.js';
import { progressLine, statusReport } from './status-report.js';
import { shellQuote } from './shell-quote.js';

/**
 * The error for a job that cannot finish: which tasks failed (or the merge), the first one's reason and log,
 * and the resume command.
 *
 * @example
 * ```ts
 * throw failureError(status); // slurm/task-failed: shard 2/4 failed (FAILED, exit 1:0); log feats.slurm/logs/task-2.log (…)
 * ```
 */
export function failureError(s: JobStatus): SlurmError {
  const failed = s.tasks.filter((t) => t.state === 'failed' || t.state === 'missing');
  const resume = `kenobi slurm resume ${shellQuote(s.plan.jobDir)}`;
  if (failed.length === 0) {
    return new SlurmError('slurm/task-failed', `the merge failed (${s.merge.why}); log ${existsSync(s.merge.log) ? s.merge.log : 'none (it never started)'}`, {
      hint: `see the log, fix the cause, then ${resume}`, details: { merge: s.merge.job },
    });
  }
  const first = failed[0]!;
  const names = failed.slice(0, 5).map((t) => t.task.name).join(', ') + (failed.length > 5 ? ` and ${failed.length - 5} more` : '');
  return new SlurmError('slurm/task-failed', `${names} ${failed.length === 1 ? 'has' : 'have'} not completed (${first.task.name}: ${first.state}, ${first.why}); log ${first.log}; the merge did not run`, {
    hint: `see the log, fix the cause, then ${resume}: it resubmits only the tasks that are not complete`,
    details: { tasks: failed.map((t) => t.task.index), jobs: failed.map((t) => t.job) },
  });
}

/**
 * Polls every `pollSeconds` until the merge is complete (resolves with the final status) or the job is
 * stuck (prints the report on stderr, throws `slurm/task-failed`).
 *
 * @example
 * ```ts
 * await waitForJob('feats.slurm', execRunner, io, 10);
 * ```
 */
export async function waitForJob(jobDir: string, run: CommandRunner, io: CommandIo, pollSeconds: number): Promise<JobStatus> {
  let last = '';
  for (;;) {
    const status = await jobStatus(readJobPlan(jobDir), run);
    const line = progressLine(status);
    if (line !== last) {
      io.stderr.write(`kenobi slurm: ${line}\n`);
      last = line;
    }
    if (status.finished) return status;
    if (status.stuck) {
      io.stderr.write(`${statusReport(status).join('\n')}\n`);
      throw failureError(status);
    }
    await new Promise((r) => setTimeout(r, pollSeconds * 1000));
  }
}
