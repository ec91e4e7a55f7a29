/**
 * The typed error of `kenobi slurm`, with its stable codes.
 */
import { KenobiError } from '@kenobi/core';

/**
 * Codes of {@link SlurmError}.
 *
 * - `slurm/sbatch-missing`: no `sbatch` on PATH (not a Slurm login node).
 * - `slurm/partition-refused`, `slurm/account-refused`, `slurm/resources-refused`: sbatch refused the
 *   submission for that reason (its own words are in the message); `slurm/submit-failed`: any other refusal.
 * - `slurm/task-failed`: an array task failed (which task, its log, how to resume), or the merge did.
 * - `slurm/store-mismatch`: a shard's store belongs to another model, tensor, preprocessing or dataset.
 * - `slurm/job-exists`, `slurm/job-mismatch`: the job folder already holds a job (the same, or planned with
 *   other arguments); `slurm/bad-job-dir`: not a job folder of `kenobi slurm`.
 * - `slurm/output-exists`: the merged output is already there.
 * - `slurm/command-failed`: squeue, scontrol or scancel failed.
 *
 * @example
 * ```ts
 * SLURM_ERROR_CODES.includes('slurm/task-failed'); // true
 * ```
 */
export const SLURM_ERROR_CODES = Object.freeze([
  'slurm/sbatch-missing',
  'slurm/partition-refused',
  'slurm/account-refused',
  'slurm/resources-refused',
  'slurm/submit-failed',
  'slurm/task-failed',
  'slurm/store-mismatch',
  'slurm/job-exists',
  'slurm/job-mismatch',
  'slurm/bad-job-dir',
  'slurm/output-exists',
  'slurm/command-failed',
] as const);
/** One of {@link SLURM_ERROR_CODES}. @example `const c: SlurmErrorCode = 'slurm/sbatch-missing';` */
export type SlurmErrorCode = (typeof SLURM_ERROR_CODES)[number];

/**
 * An error of `kenobi slurm …`: planning, submitting or following a job array.
 *
 * @example
 * ```ts
 * throw new SlurmError('slurm/sbatch-missing', 'sbatch is not on PATH', { hint: 'run on the login node' });
 * ```
 */
export class SlurmError extends KenobiError {
  declare readonly code: SlurmErrorCode;
  constructor(code: SlurmErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
