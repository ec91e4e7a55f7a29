/**
 * A `kenobi slurm` job folder: `job.json` (what the array does, each task's output, every submission's job
 * ids), the two sbatch scripts, `logs/`, and the tasks' outputs. Reading and writing `job.json`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@kenobi/features/node';
import { SlurmError } from './slurm-error.js';
import type { SlurmResources } from './slurm-resources.js';

/**
 * What a job array runs: feature extraction by shard, prediction by shard, or a training sweep/cross-validation
 * (`kenobi train` or `kenobi finetune`, one task per fold or grid point).
 *
 * @example
 * ```ts
 * SLURM_JOB_KINDS; // ['extract', 'predict', 'train', 'finetune']
 * ```
 */
export const SLURM_JOB_KINDS = Object.freeze(['extract', 'predict', 'train', 'finetune'] as const);
/** One of {@link SLURM_JOB_KINDS}. @example `const k: SlurmJobKind = 'extract';` */
export type SlurmJobKind = (typeof SLURM_JOB_KINDS)[number];

/**
 * One array task: its `SLURM_ARRAY_TASK_ID`, a name for people, and the output whose completeness says it
 * is done (a shard's feature store, or a JSON file the script moves into place only on success).
 *
 * @example
 * ```ts
 * const t: SlurmTask = { index: 2, name: 'shard 2/4', output: '/data/feats.slurm/shards/shard-2' };
 * ```
 */
export interface SlurmTask {
  readonly index: number;
  readonly name: string;
  readonly output: string;
  /** Sweep tasks: the grid point (`{ lr: '0.01' }`) and fold (`kfold` tasks), for the summary table. */
  readonly point?: Readonly<Record<string, string>>;
  readonly fold?: number;
}

/**
 * One `sbatch` of the array (all tasks, or the ones a resume resubmitted) and of its merge job.
 *
 * @example
 * ```ts
 * const s: SlurmSubmission = { arrayJobId: '123', mergeJobId: '124', tasks: [0, 1, 2, 3], submittedAt: '2025-…' };
 * ```
 */
export interface SlurmSubmission {
  /** Absent when every task was already complete and only the merge was submitted. */
  readonly arrayJobId?: string;
  readonly mergeJobId: string;
  readonly tasks: readonly number[];
  readonly submittedAt: string;
}

/**
 * `job.json`.
 *
 * @example
 * ```ts
 * const plan = readJobPlan('feats.slurm'); plan.kind; plan.tasks.length; plan.submissions.at(-1)?.arrayJobId;
 * ```
 */
export interface SlurmJobPlan {
  readonly format: 'kenobi-slurm-job';
  readonly formatVersion: 1;
  readonly kind: SlurmJobKind;
  /** Absolute paths: the job folder and what the merge job makes (merged store, CSV, summary). */
  readonly jobDir: string;
  readonly out: string;
  /** The folder the tasks run in (sbatch --chdir), where relative paths of `args` resolve. */
  readonly cwd: string;
  /** The command the tasks run as `kenobi`. */
  readonly kenobi: readonly string[];
  /** The flags passed through to the kenobi command (compared when the folder is planned again). */
  readonly args: readonly string[];
  readonly resources: SlurmResources;
  readonly tasks: readonly SlurmTask[];
  /** sha256 of a local model file (extract), checked against each shard's store. */
  readonly modelSha256?: string;
  readonly createdAt: string;
  readonly submissions: readonly SlurmSubmission[];
}

/**
 * The files of a job folder.
 *
 * @example
 * ```ts
 * jobFiles('/d/feats.slurm').taskLog(2); // '/d/feats.slurm/logs/task-2.log'
 * ```
 */
export function jobFiles(jobDir: string) {
  const dir = resolve(jobDir);
  return {
    dir,
    plan: join(dir, 'job.json'),
    arrayScript: join(dir, 'array.sbatch'),
    mergeScript: join(dir, 'merge.sbatch'),
    logs: join(dir, 'logs'),
    /** `%a` is the array task id in sbatch's --output pattern. */
    taskLogPattern: join(dir, 'logs', 'task-%a.log'),
    taskLog: (index: number): string => join(dir, 'logs', `task-${index}.log`),
    mergeLog: join(dir, 'logs', 'merge.log'),
  };
}

/**
 * The job folder a user names: the folder itself, or the output whose default job folder is `<out>.slurm`.
 *
 * @example
 * ```ts
 * findJobDir('feats'); // '/d/feats.slurm' when /d/feats.slurm/job.json exists
 * ```
 */
export function findJobDir(path: string): string {
  const p = resolve(path).replace(/\/+$/, '');
  for (const dir of [p, `${p}.slurm`]) if (existsSync(jobFiles(dir).plan)) return dir;
  throw new SlurmError('slurm/bad-job-dir', `${path} is not a job folder of kenobi slurm (no job.json in it or in ${path}.slurm)`, {
    hint: 'give the folder that kenobi slurm extract|predict|train wrote (default <out>.slurm)',
  });
}

/**
 * Reads `job.json` of `jobDir` (checked enough that status and resume can trust it).
 *
 * @example
 * ```ts
 * readJobPlan('feats.slurm').tasks.map((t) => t.name); // ['shard 0/4', ...]
 * ```
 */
export function readJobPlan(jobDir: string): SlurmJobPlan {
  const path = jobFiles(jobDir).plan;
  let v: Partial<SlurmJobPlan>;
  try {
    v = JSON.parse(readFileSync(path, 'utf8')) as Partial<SlurmJobPlan>;
  } catch (e) {
    throw new SlurmError('slurm/bad-job-dir', `${path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  if (v.format !== 'kenobi-slurm-job' || !(SLURM_JOB_KINDS as readonly unknown[]).includes(v.kind) || !Array.isArray(v.tasks) || !Array.isArray(v.submissions)) {
    throw new SlurmError('slurm/bad-job-dir', `${path} is not a kenobi slurm job.json (format, kind, tasks or submissions)`);
  }
  return v as SlurmJobPlan;
}

/**
 * Writes `job.json` atomically (creating the folder and `logs/`).
 *
 * @example
 * ```ts
 * writeJobPlan({ ...plan, submissions: [...plan.submissions, submission] });
 * ```
 */
export function writeJobPlan(plan: SlurmJobPlan): void {
  const f = jobFiles(plan.jobDir);
  mkdirSync(f.logs, { recursive: true });
  writeFileAtomic(f.plan, `${JSON.stringify(plan, null, 1)}\n`);
}
