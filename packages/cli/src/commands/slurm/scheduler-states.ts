/**
 * What Slurm says about the jobs of a job folder: `scontrol show job -o` (pending, running, and ended jobs
 * for MinJobAge seconds, 300 by default), then `sacct` for the rest when the site has accounting (many
 * restrict it; Kenobi never needs it). Parsing is pure and tested on recorded output.
 */
import type { CommandRunner } from './slurm-client.js';
import { SlurmError } from './slurm-error.js';

/**
 * One job or array task as Slurm reports it, keyed `123` (a job) or `123_4` (task 4 of array 123).
 *
 * @example
 * ```ts
 * const s: SchedulerRecord = { key: '123_4', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: '1:0' };
 * ```
 */
export interface SchedulerRecord {
  readonly key: string;
  readonly state: string;
  readonly reason?: string;
  readonly exitCode?: string;
}

/**
 * Where a job is, in four words: `pending` (queued, held, waiting on a dependency), `running`, `completed`
 * (exit 0) or `failed` (non-zero exit, cancelled, timed out, out of memory, node failure, or a dependency
 * that can never be met).
 *
 * @example
 * ```ts
 * SCHEDULER_PHASES; // ['pending', 'running', 'completed', 'failed']
 * ```
 */
export const SCHEDULER_PHASES = Object.freeze(['pending', 'running', 'completed', 'failed'] as const);
/** One of {@link SCHEDULER_PHASES}. @example `const p: SchedulerPhase = 'running';` */
export type SchedulerPhase = (typeof SCHEDULER_PHASES)[number];

const RUNNING = new Set(['RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED', 'STOPPED', 'SIGNALING', 'STAGE_OUT', 'RESIZING']);
const FAILED = new Set(['FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'REVOKED', 'SPECIAL_EXIT']);

/**
 * The phase of a record.
 *
 * @example
 * ```ts
 * schedulerPhase({ key: '124', state: 'PENDING', reason: 'DependencyNeverSatisfied' }); // 'failed'
 * ```
 */
export function schedulerPhase(r: SchedulerRecord): SchedulerPhase {
  if (r.state === 'COMPLETED') return 'completed';
  if (FAILED.has(r.state)) return 'failed';
  if (RUNNING.has(r.state)) return 'running';
  // NOTE: without DependencyParameters=kill_invalid_depend a job after a failed array waits forever.
  if (r.reason === 'DependencyNeverSatisfied') return 'failed';
  return 'pending';
}

/**
 * Array task ids as Slurm writes them (`0-3,5,7-9:2%4`), expanded.
 *
 * @example
 * ```ts
 * expandTaskIds('0-2,5%2'); // [0, 1, 2, 5]
 * ```
 */
export function expandTaskIds(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.replace(/^\[|\]$/g, '').split('%')[0]!.split(',')) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]), step = m[3] === undefined ? 1 : Math.max(1, Number(m[3]));
    for (let i = a; i <= b && out.length < 10_000_000; i += step) out.push(i);
  }
  return out;
}

/**
 * Records from `scontrol show job -o` (one line per job or task; a pending remainder of an array is one line
 * with a range of task ids).
 *
 * @example
 * ```ts
 * parseScontrol('JobId=125 ArrayJobId=123 ArrayTaskId=2 JobName=x JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0');
 * // [{ key: '123_2', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: '1:0' }]
 * ```
 */
export function parseScontrol(text: string): SchedulerRecord[] {
  const out: SchedulerRecord[] = [];
  for (const line of text.split('\n')) {
    const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
    const jobId = field('JobId'), state = field('JobState');
    if (!jobId || !state) continue;
    const arrayJob = field('ArrayJobId'), tasks = field('ArrayTaskId');
    const rest = { state, ...(field('Reason') ? { reason: field('Reason')! } : {}), ...(field('ExitCode') ? { exitCode: field('ExitCode')! } : {}) };
    if (arrayJob && tasks && tasks !== 'N/A') for (const t of expandTaskIds(tasks)) out.push({ key: `${arrayJob}_${t}`, ...rest });
    else out.push({ key: jobId, ...rest });
  }
  return out;
}

/**
 * Records from `sacct -n -P -X -o JobID,State,ExitCode` (`123_4|CANCELLED by 0|0:15`, `123_[5-7]|PENDING|0:0`).
 *
 * @example
 * ```ts
 * parseSacct('123_4|TIMEOUT|0:0\n124|CANCELLED by 0|0:0\n'); // [{ key: '123_4', state: 'TIMEOUT', exitCode: '0:0' }, { key: '124', state: 'CANCELLED', ... }]
 * ```
 */
export function parseSacct(text: string): SchedulerRecord[] {
  const out: SchedulerRecord[] = [];
  for (const line of text.split('\n')) {
    const [id, stateText, exitCode] = line.trim().split('|');
    if (!id || !stateText) continue;
    const state = stateText.split(' ')[0]!;
    const m = /^(\d+)_(.+)$/.exec(id);
    const rest = { state, ...(exitCode ? { exitCode } : {}) };
    if (m) for (const t of expandTaskIds(m[2]!)) out.push({ key: `${m[1]}_${t}`, ...rest });
    else if (/^\d+$/.test(id)) out.push({ key: id, ...rest });
  }
  return out;
}

/**
 * What Slurm knows about these jobs (array and plain job ids), by key; absent keys are jobs Slurm has
 * forgotten (ended more than MinJobAge ago without accounting) or never had.
 *
 * @example
 * ```ts
 * const states = await schedulerStates(execRunner, ['123', '124']); states.get('123_2')?.state; // 'RUNNING'
 * ```
 */
export async function schedulerStates(run: CommandRunner, jobIds: readonly string[]): Promise<Map<string, SchedulerRecord>> {
  const found = new Map<string, SchedulerRecord>();
  const forgotten: string[] = [];
  for (const id of jobIds) {
    const r = await run('scontrol', ['show', 'job', '-o', id]);
    if (r.missing) return found;
    // NOTE: only "Invalid job id" means Slurm forgot the job; anything else (no controller) must not make
    // running tasks look failed.
    if (r.code !== 0 && !/invalid job id/i.test(r.stderr)) {
      throw new SlurmError('slurm/command-failed', `scontrol show job ${id} failed: ${r.stderr.trim().split('\n')[0] || `exit code ${r.code}`}`, { hint: 'is the Slurm controller up? (scontrol ping)' });
    }
    const records = r.code === 0 ? parseScontrol(r.stdout) : [];
    if (records.length === 0) forgotten.push(id);
    for (const rec of records) found.set(rec.key, rec);
  }
  if (forgotten.length > 0) {
    // NOTE: sacct exists wherever slurm-client does, but answers only with slurmdbd ("accounting storage is disabled").
    const r = await run('sacct', ['-n', '-P', '-X', '-j', forgotten.join(','), '-o', 'JobID,State,ExitCode']);
    if (r.code === 0 && !r.missing) for (const rec of parseSacct(r.stdout)) if (!found.has(rec.key)) found.set(rec.key, rec);
  }
  return found;
}
