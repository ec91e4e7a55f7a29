/**
 * What every `kenobi slurm` job asks of the scheduler (partition, time, CPUs, memory, GPUs, account, extra
 * `#SBATCH` lines), the flags that set it, and the `#SBATCH` lines it becomes. Pure.
 */
import type { CommandOptions } from '../../command.js';
import { UsageError } from '../../usage-error.js';

/**
 * The resources of one array task (the merge job gets the same partition, account, time and extra lines,
 * one CPU and no GPU).
 *
 * @example
 * ```ts
 * const r: SlurmResources = { cpus: 8, time: '02:00:00', mem: '16G', gpus: '1', partition: 'gpu', extra: [] };
 * ```
 */
export interface SlurmResources {
  readonly cpus: number;
  readonly time?: string;
  readonly mem?: string;
  /** `--gpus` as sbatch takes it: a count or `type:count`. */
  readonly gpus?: string;
  readonly partition?: string;
  readonly account?: string;
  /** At most this many tasks at once (`--array=…%n`). */
  readonly maxRunning?: number;
  /** Verbatim `#SBATCH …` lines. */
  readonly extra: readonly string[];
}

/**
 * The flags of {@link SlurmResources} (and `--submit`, `--wait`, `--poll`, `--job-dir`, `--kenobi`), shared by
 * `kenobi slurm extract|predict|train|finetune`.
 *
 * @example
 * ```ts
 * const options = { ...SLURM_OPTIONS, model: { type: 'string' } };
 * ```
 */
export const SLURM_OPTIONS: CommandOptions = Object.freeze({
  partition: { type: 'string' }, time: { type: 'string' }, cpus: { type: 'string' }, mem: { type: 'string' },
  gpus: { type: 'string' }, account: { type: 'string' }, extra: { type: 'string', multiple: true },
  'max-running': { type: 'string' }, 'job-dir': { type: 'string' }, kenobi: { type: 'string' },
  submit: { type: 'boolean' }, wait: { type: 'boolean' }, poll: { type: 'string' },
});

/** Help lines for {@link SLURM_OPTIONS}. @example `details: \`...${SLURM_OPTIONS_HELP}\`` */
export const SLURM_OPTIONS_HELP = `
  --partition, --account   where the tasks run and who pays (sbatch -p, -A)
  --time        wall-clock limit per task: minutes, HH:MM:SS or D-HH:MM:SS (sbatch -t)
  --cpus        CPUs per task (default 1): ONNX Runtime threads and decode workers follow SLURM_CPUS_PER_TASK
  --mem         memory per task, e.g. 16G (default: the site's DefMemPerCPU)
  --gpus        GPUs per task (1, or a100:1): the tasks run with --device cuda
  --max-running at most this many tasks at once (--array=…%n)
  --extra       a verbatim '#SBATCH …' line (repeatable), e.g. --extra '#SBATCH --qos=long'
  --job-dir     the job folder (default <out>.slurm): job.json, the two .sbatch files, logs/, the task outputs
  --kenobi      the command the tasks run as kenobi (default: this node and CLI, else 'kenobi' on PATH)
  --submit      submit with sbatch (the array, then the merge with --dependency=afterok) and print the ids
  --wait        with --submit: follow the tasks (pending/running/complete/failed) until the merge ends
  --poll        seconds between two looks at the queue while waiting (default 10)`;

const TIME = /^(\d+-\d{1,2}(:\d{2}){0,2}|\d+(:\d{2}){0,2})$/;
const MEM = /^\d+[KMGT]?$/i;
const GPUS = /^([A-Za-z0-9_.-]+:)?\d+$/;
const NAME = /^[A-Za-z0-9_.,-]+$/;

function positiveInt(command: string, name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${command}: --${name} must be a positive integer, got '${String(v)}'`);
  return n;
}

function matching(command: string, name: string, v: unknown, re: RegExp, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !re.test(v)) throw new UsageError(`${command}: --${name} must be ${what}, got '${String(v)}'`);
  return v;
}

/**
 * Reads the resource flags; bad values are usage errors naming the flag.
 *
 * @example
 * ```ts
 * slurmResources('kenobi slurm extract', { cpus: '8', time: '02:00:00', gpus: '1' });
 * // { cpus: 8, time: '02:00:00', gpus: '1', extra: [] }
 * ```
 */
export function slurmResources(command: string, values: Record<string, unknown>): SlurmResources {
  const extra = ((values.extra as string[] | undefined) ?? []).flatMap((e) => e.split('\n')).map((e) => e.trim()).filter((e) => e !== '')
    .map((e) => (e.startsWith('--') ? `#SBATCH ${e}` : e));
  for (const e of extra) if (!e.startsWith('#SBATCH ')) throw new UsageError(`${command}: --extra must be an '#SBATCH …' line, got '${e}'`);
  const r: SlurmResources = {
    cpus: positiveInt(command, 'cpus', values.cpus) ?? 1,
    time: matching(command, 'time', values.time, TIME, 'minutes, HH:MM:SS or D-HH:MM:SS'),
    mem: matching(command, 'mem', values.mem, MEM, 'a size like 16G or 4000M'),
    gpus: matching(command, 'gpus', values.gpus, GPUS, 'a count or type:count (1, a100:2)'),
    partition: matching(command, 'partition', values.partition, NAME, 'a partition name'),
    account: matching(command, 'account', values.account, NAME, 'an account name'),
    maxRunning: positiveInt(command, 'max-running', values['max-running']),
    extra,
  };
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as SlurmResources;
}

/**
 * The `#SBATCH` lines for the array tasks (`task`) or the merge job (`merge`: one CPU, no GPU, no memory ask).
 *
 * @example
 * ```ts
 * sbatchDirectives({ cpus: 4, gpus: '1', extra: [] }, 'task');
 * // ['#SBATCH --cpus-per-task=4', '#SBATCH --gpus=1']
 * ```
 */
export function sbatchDirectives(r: SlurmResources, role: 'task' | 'merge'): string[] {
  const lines = [`#SBATCH --cpus-per-task=${role === 'task' ? r.cpus : 1}`];
  if (r.time) lines.push(`#SBATCH --time=${r.time}`);
  if (r.mem && role === 'task') lines.push(`#SBATCH --mem=${r.mem}`);
  if (r.gpus && role === 'task') lines.push(`#SBATCH --gpus=${r.gpus}`);
  if (r.partition) lines.push(`#SBATCH --partition=${r.partition}`);
  if (r.account) lines.push(`#SBATCH --account=${r.account}`);
  return [...lines, ...r.extra];
}
