/**
 * `kenobi slurm resume <job>`: resubmits only the failed and missing tasks of a job folder (a shard's
 * partial store is continued, never redone), then a merge that waits for them.
 */
import type { Command } from '../../command.js';
import { pollSeconds } from './launch-job.js';
import { findJobDir, readJobPlan } from './job-plan.js';
import { execRunner } from './slurm-client.js';
import { arrayList, resubmit } from './submit-job.js';
import { waitForJob } from './wait-job.js';

/**
 * The `slurm resume` command.
 *
 * @example
 * ```sh
 * kenobi slurm resume feats.slurm --wait   # resubmitted 1 task (2) as array job 131, merge 132 (afterok)
 * ```
 */
export const slurmResumeCommand: Command = {
  words: ['slurm', 'resume'],
  summary: 'Resubmit only the failed and missing tasks of a Slurm job folder, then its merge',
  usage: 'kenobi slurm resume <job-dir|out> [--wait] [--poll 10] [--json]',
  details: `
Submits the scripts on disk (edit them first if a task needs more --time or --mem) for the tasks that
failed or never ran (sbatch --array=<those ids> array.sbatch), and a new merge job with
--dependency=afterok on them and on the tasks still queued or running; an earlier merge that can no longer
run is cancelled. A shard task continues its partial store (kenobi extract --resume), so no row is computed
or stored twice. A folder that was planned but never submitted is submitted whole. Nothing is submitted when
the job is complete or still on its way.

  --wait   follow the job until its merge ends (progress on stderr); --poll seconds between looks (10)

Example: kenobi slurm resume feats.slurm --wait`,
  options: { wait: { type: 'boolean' }, poll: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const poll = pollSeconds(values, 'kenobi slurm resume');
    const dir = findJobDir(positionals[0]!);
    const r = await resubmit(readJobPlan(dir), execRunner);
    const s = r.submission;
    const said = s
      ? `resubmitted ${s.tasks.length} task(s)${s.tasks.length ? ` (${arrayList(s.tasks)}) as array job ${s.arrayJobId}` : ''}, merge job ${s.mergeJobId} (afterok:${[s.arrayJobId, ...r.waitingOn].filter(Boolean).join(':') || 'none'})${r.cancelledMerge ? `; cancelled the earlier merge ${r.cancelledMerge}` : ''}`
      : r.waitingOn.length > 0 ? `nothing to resubmit: ${r.waitingOn.length} task(s) still queued or running, and the merge waits for them` : 'nothing to resubmit: the job is complete';
    if (!values.json) io.stdout.write(`${said}\n`);
    if (values.wait) await waitForJob(dir, execRunner, io, poll);
    if (values.json) io.stdout.write(`${JSON.stringify({ jobDir: dir, submission: s ?? null, waitingOn: r.waitingOn, cancelledMerge: r.cancelledMerge ?? null, ...(values.wait ? { finished: true } : {}) }, null, 2)}\n`);
    return 0;
  },
};
