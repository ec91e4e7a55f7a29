/**
 * What `kenobi slurm extract|predict|train|finetune` do once the folder is written: print both scripts,
 * and with `--submit` submit them and print the job ids, with `--wait` follow them to the end.
 */
import { readFileSync } from 'node:fs';
import type { CommandIo } from '../../command.js';
import { UsageError } from '../../usage-error.js';
import { jobFiles, type SlurmJobPlan } from './job-plan.js';
import { execRunner, type CommandRunner } from './slurm-client.js';
import { submitAll } from './submit-job.js';
import { waitForJob } from './wait-job.js';
import { shellQuote } from './shell-quote.js';

/**
 * The seconds between two looks at the queue (`--poll`, default 10).
 *
 * @example
 * ```ts
 * pollSeconds({ poll: '0.5' }, 'kenobi slurm extract'); // 0.5
 * ```
 */
export function pollSeconds(values: Record<string, unknown>, command: string): number {
  if (values.poll === undefined) return 10;
  const s = Number(values.poll);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`${command}: --poll must be a positive number of seconds, got '${String(values.poll)}'`);
  return s;
}

/**
 * Prints the scripts (and the commands that submit them by hand), submits with `--submit`, follows with
 * `--wait`; `--json` prints one JSON object instead. Resolves to the exit code.
 *
 * @example
 * ```ts
 * return launchJob(plan, values, io, 'kenobi slurm extract');
 * ```
 */
export async function launchJob(plan: SlurmJobPlan, values: Record<string, unknown>, io: CommandIo, command: string, run: CommandRunner = execRunner): Promise<number> {
  if (values.wait && !values.submit) throw new UsageError(`${command}: --wait follows a submitted job: add --submit`);
  const poll = pollSeconds(values, command);
  const f = jobFiles(plan.jobDir);
  const say = (s: string): void => {
    if (!values.json) io.stdout.write(`${s}\n`);
  };
  say(`# ${f.arrayScript}\n${readFileSync(f.arrayScript, 'utf8')}\n# ${f.mergeScript}\n${readFileSync(f.mergeScript, 'utf8')}`);
  say(`${plan.tasks.length} task(s) planned in ${f.dir}`);
  if (!values.submit) {
    say(`submit: kenobi slurm resume ${shellQuote(f.dir)}   (or by hand: A=$(sbatch --parsable ${shellQuote(f.arrayScript)}) && sbatch --dependency=afterok:$A ${shellQuote(f.mergeScript)})`);
    if (values.json) io.stdout.write(`${JSON.stringify({ jobDir: f.dir, out: plan.out, tasks: plan.tasks.length, arrayScript: f.arrayScript, mergeScript: f.mergeScript, submitted: false }, null, 2)}\n`);
    return 0;
  }
  const { submission } = await submitAll(plan, run);
  say(`submitted array job ${submission.arrayJobId} (${plan.tasks.length} tasks) and merge job ${submission.mergeJobId} (afterok:${submission.arrayJobId})`);
  say(`follow: kenobi slurm status ${shellQuote(f.dir)}`);
  const summary = { jobDir: f.dir, out: plan.out, tasks: plan.tasks.length, arrayScript: f.arrayScript, mergeScript: f.mergeScript, submitted: true, arrayJobId: submission.arrayJobId, mergeJobId: submission.mergeJobId };
  if (values.wait) {
    await waitForJob(f.dir, run, io, poll);
    say(`done: ${plan.out}`);
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ ...summary, ...(values.wait ? { finished: true } : {}) }, null, 2)}\n`);
  return 0;
}
