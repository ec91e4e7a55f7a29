/**
 * `kenobi slurm status <job>`: which tasks of a job folder are complete, running, pending, failed (with
 * their log tail) or missing, and where the merge is.
 */
import type { Command } from '../../command.js';
import { findJobDir, readJobPlan } from './job-plan.js';
import { jobStatus } from './job-status.js';
import { execRunner } from './slurm-client.js';
import { statusReport } from './status-report.js';

/**
 * The `slurm status` command.
 *
 * @example
 * ```sh
 * kenobi slurm status feats.slurm   # shard 2/4: failed (FAILED, exit 1:0), log feats.slurm/logs/task-2.log ...
 * ```
 */
export const slurmStatusCommand: Command = {
  words: ['slurm', 'status'],
  summary: 'Where each task of a Slurm job folder is: complete, running, pending, failed (with its log) or missing',
  usage: 'kenobi slurm status <job-dir|out> [--json]',
  details: `
Reads the task outputs themselves (a shard's store is complete, a task's JSON is there), the logs, and what
Slurm still knows (scontrol show job; sacct when the site has accounting, never required). A failed task is
shown with the last lines of its log; the last line says what to run next. Shard stores that belong to
another model or preprocessing are refused (slurm/store-mismatch).
Exit code 0 when the job is complete or still going, 1 when it cannot finish without kenobi slurm resume.

Example: kenobi slurm status feats.slurm`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const s = await jobStatus(readJobPlan(findJobDir(positionals[0]!)), execRunner);
    if (values.json) {
      const step = (x: { state: string; why: string; job?: string; log: string; logTail: readonly string[] }) => ({ state: x.state, why: x.why, job: x.job, log: x.log, logTail: x.logTail });
      io.stdout.write(`${JSON.stringify({
        jobDir: s.plan.jobDir, kind: s.plan.kind, out: s.plan.out, finished: s.finished, stuck: s.stuck, counts: s.counts,
        tasks: s.tasks.map((t) => ({ index: t.task.index, name: t.task.name, ...step(t) })), merge: step(s.merge),
      }, null, 2)}\n`);
    } else io.stdout.write(`${statusReport(s).join('\n')}\n`);
    return s.stuck ? 1 : 0;
  },
};
