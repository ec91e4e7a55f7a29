/**
 * The two plain sbatch scripts of a job folder: the array (one task per shard, fold or grid point) and the
 * merge job that runs after it (`--dependency=afterok`). Readable and meant to be edited: `kenobi slurm
 * resume` submits the scripts on disk, not a fresh copy. Pure.
 */
import { KENOBI_CLI_VERSION } from '../../run-cli.js';
import { jobFiles, type SlurmJobPlan } from './job-plan.js';
import { sbatchDirectives } from './slurm-resources.js';
import { shellQuote } from './shell-quote.js';

/**
 * What is specific to one kind of job: the comment that says what it does, and the bash lines of a task
 * (which see `$task`, `$threads` and `$workers`) and of the merge.
 *
 * @example
 * ```ts
 * const s: ScriptBodies = { summary: ['one task per shard'], task: ['kenobi extract … --shard "$task/4"'], merge: ['kenobi features merge …'] };
 * ```
 */
export interface ScriptBodies {
  readonly summary: readonly string[];
  readonly task: readonly string[];
  readonly merge: readonly string[];
}

/** `kenobi-extract-feats`: the job name (squeue's NAME column). */
function jobName(plan: SlurmJobPlan): string {
  const base = plan.out.split('/').filter((s) => s !== '').at(-1) ?? 'out';
  return `kenobi-${plan.kind}-${base.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 60);
}

function header(plan: SlurmJobPlan, summary: readonly string[], role: 'task' | 'merge'): string[] {
  const f = jobFiles(plan.jobDir);
  return [
    '#!/bin/bash',
    ...summary.map((s) => `# ${s}`),
    `# Written by kenobi ${KENOBI_CLI_VERSION} (kenobi slurm ${plan.kind}) on ${plan.createdAt}. A plain sbatch script: edit it`,
    `# freely; \`kenobi slurm status ${shellQuote(f.dir)}\` says where each task is and`,
    `# \`kenobi slurm resume ${shellQuote(f.dir)}\` resubmits only what is not complete.`,
    `#SBATCH --job-name=${jobName(plan)}${role === 'merge' ? '-merge' : ''}`,
    ...(role === 'task' ? [`#SBATCH --array=0-${plan.tasks.length - 1}${plan.resources.maxRunning ? `%${plan.resources.maxRunning}` : ''}`] : []),
    `#SBATCH --output=${role === 'task' ? f.taskLogPattern : f.mergeLog}`,
    '#SBATCH --open-mode=append',
    `#SBATCH --chdir=${plan.cwd}`,
    ...sbatchDirectives(plan.resources, role),
    'set -uo pipefail',
    '',
  ];
}

/**
 * The array script (`array.sbatch`).
 *
 * @example
 * ```ts
 * writeFileSync(jobFiles(dir).arrayScript, arrayScript(plan, bodies));
 * ```
 */
export function arrayScript(plan: SlurmJobPlan, bodies: ScriptBodies): string {
  return `${[
    ...header(plan, bodies.summary, 'task'),
    'task=${SLURM_ARRAY_TASK_ID:?run me with sbatch: I am a job array}',
    'threads=${SLURM_CPUS_PER_TASK:-1}',
    '# NOTE: decode threads beside inference: one per spare CPU, at most 4.',
    'workers=$(( threads > 4 ? 4 : (threads > 1 ? threads - 1 : 1) ))',
    'echo "kenobi-slurm: task $task start on $(hostname) at $(date -Is), job ${SLURM_JOB_ID:-?}, $threads CPU(s)"',
    '',
    ...bodies.task,
    'status=$?',
    'echo "kenobi-slurm: task $task exit $status at $(date -Is)"',
    'exit $status',
  ].join('\n')}\n`;
}

/**
 * The merge script (`merge.sbatch`), submitted with `--dependency=afterok:<array job>`.
 *
 * @example
 * ```ts
 * writeFileSync(jobFiles(dir).mergeScript, mergeScript(plan, bodies));
 * ```
 */
export function mergeScript(plan: SlurmJobPlan, bodies: ScriptBodies): string {
  return `${[
    ...header(plan, [...bodies.summary, `This is the merge: sbatch --dependency=afterok:<array job id> ${jobFiles(plan.jobDir).mergeScript}`], 'merge'),
    'echo "kenobi-slurm: merge start on $(hostname) at $(date -Is), job ${SLURM_JOB_ID:-?}"',
    ...bodies.merge,
    'status=$?',
    'echo "kenobi-slurm: merge exit $status at $(date -Is)"',
    'exit $status',
  ].join('\n')}\n`;
}
