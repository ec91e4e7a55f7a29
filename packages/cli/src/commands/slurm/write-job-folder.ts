/**
 * Plans a job folder: checks that it holds no other job and that the merged output is not there yet, then
 * writes `job.json`, `array.sbatch` and `merge.sbatch`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { firstDifference } from './forward-flags.js';
import { jobFiles, readJobPlan, writeJobPlan, type SlurmJobPlan } from './job-plan.js';
import { arrayScript, mergeScript, type ScriptBodies } from './sbatch-script.js';
import { SlurmError } from './slurm-error.js';
import { shellQuote } from './shell-quote.js';

/** A plan before it has a folder: everything but the format tag, creation time and submissions. @example `const d: JobDraft = { kind: 'extract', jobDir, out, cwd, kenobi, args, resources, tasks };` */
export type JobDraft = Omit<SlurmJobPlan, 'format' | 'formatVersion' | 'createdAt' | 'submissions'>;

/**
 * The command the tasks run as `kenobi`: `--kenobi` split on spaces, else this very node and CLI script when
 * the CLI runs from its executable, else `kenobi` on the PATH of the compute nodes.
 *
 * @example
 * ```ts
 * kenobiCommand(undefined); // ['/usr/bin/node', '/opt/kenobi/packages/cli/bin/kenobi.js']
 * ```
 */
export function kenobiCommand(flag: unknown): string[] {
  if (typeof flag === 'string' && flag.trim() !== '') return flag.trim().split(/\s+/);
  const script = process.argv[1];
  if (script && /(^|\/)(kenobi(\.js)?|main\.[jt]s)$/.test(script)) return [process.execPath, ...process.execArgv, resolve(script)];
  return ['kenobi'];
}

/**
 * Writes the job folder for `draft` and returns its plan. Refuses a folder that already holds a job
 * (`slurm/job-exists` when it is this one: resume it; `slurm/job-mismatch` naming the first flag that
 * differs) and an output that already exists (`slurm/output-exists`).
 *
 * @example
 * ```ts
 * const plan = writeJobFolder(draft, bodies); // feats.slurm/job.json, array.sbatch, merge.sbatch
 * ```
 */
export function writeJobFolder(draft: JobDraft, bodies: ScriptBodies): SlurmJobPlan {
  const f = jobFiles(draft.jobDir);
  if (existsSync(f.plan)) {
    const old = readJobPlan(draft.jobDir);
    const diff = old.kind !== draft.kind ? `kind: ${old.kind} vs ${draft.kind}` : old.tasks.length !== draft.tasks.length ? `tasks: ${old.tasks.length} vs ${draft.tasks.length}` : firstDifference(old.args, draft.args);
    const dir = shellQuote(f.dir);
    if (diff === undefined) {
      throw new SlurmError('slurm/job-exists', `${f.dir} already holds this job`, { hint: `kenobi slurm status ${dir} says where it is; kenobi slurm resume ${dir} continues it` });
    }
    throw new SlurmError('slurm/job-mismatch', `${f.dir} holds another job (${diff})`, {
      hint: `its shards would mix two models or preprocessings: choose another --out or --job-dir, or remove ${dir}`,
    });
  }
  if (existsSync(draft.out)) throw new SlurmError('slurm/output-exists', `${draft.out} already exists: the merge would refuse to overwrite it`, { hint: 'choose another --out, or remove it' });
  const plan: SlurmJobPlan = { format: 'kenobi-slurm-job', formatVersion: 1, ...draft, createdAt: new Date().toISOString(), submissions: [] };
  mkdirSync(f.logs, { recursive: true });
  writeFileSync(f.arrayScript, arrayScript(plan, bodies), { mode: 0o755 });
  writeFileSync(f.mergeScript, mergeScript(plan, bodies), { mode: 0o755 });
  writeJobPlan(plan);
  return plan;
}
