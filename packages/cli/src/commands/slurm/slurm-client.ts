/**
 * The Slurm commands `kenobi slurm` runs (sbatch, scontrol, squeue, scancel, and sacct when the site allows
 * it), behind one runner so the parsing is tested without a cluster, and sbatch's refusals as typed errors.
 */
import { execFile } from 'node:child_process';
import { SlurmError, type SlurmErrorCode } from './slurm-error.js';

/** What one command gave; `missing` when it is not installed (ENOENT). @example `{ code: 0, stdout: '123\n', stderr: '', missing: false }` */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing: boolean;
}

/** Runs `command args…` and resolves (never rejects) with its result. @example `await runner('squeue', ['-h'])` */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

/**
 * The real runner: `execFile` with the caller's environment (SLURM_CONF included), 60 s at most.
 *
 * @example
 * ```ts
 * const r = await execRunner('scontrol', ['ping']); r.stdout; // 'Slurmctld(primary) at vm is UP\n'
 * ```
 */
export const execRunner: CommandRunner = (command, args) => new Promise((done) => {
  execFile(command, [...args], { timeout: 60_000, maxBuffer: 256 * 2 ** 20 }, (error, stdout, stderr) => {
    const e = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
    done({
      code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
      stdout: String(stdout), stderr: String(stderr),
      missing: e?.code === 'ENOENT',
    });
  });
});

const REFUSALS: readonly [RegExp, SlurmErrorCode, string][] = [
  [/invalid partition|partition name|not available in partition|partition.*(down|inactive)/i, 'slurm/partition-refused', 'sinfo -s lists the partitions you may use'],
  [/invalid account|account\/partition combination|invalid qos|association|accounting\/QOS policy|AssocMaxJobsLimit|user's group not permitted/i, 'slurm/account-refused', 'sacctmgr show assoc user=$USER lists your accounts (ask your site which one to use)'],
  [/job array specification|MaxArraySize/i, 'slurm/resources-refused', 'the site caps array sizes (scontrol show config | grep MaxArraySize): use fewer --shards, or --max-running'],
  [/node configuration is not available|processors requested|memory specification|generic resource|gres|time limit|--time specification|QOSMax|exceeded/i, 'slurm/resources-refused', 'ask for less (--cpus, --mem, --gpus, --time) or another --partition (sinfo -o "%P %c %m %G %l")'],
];

/**
 * The typed error for an sbatch that failed, from its own words (`sbatch: error: …` lines).
 *
 * @example
 * ```ts
 * sbatchRefusal('sbatch: error: invalid partition specified: gpu\nsbatch: error: Batch job submission failed: Invalid partition name specified\n', 1).code;
 * // 'slurm/partition-refused'
 * ```
 */
export function sbatchRefusal(stderr: string, code: number): SlurmError {
  const lines = stderr.split('\n').map((l) => l.replace(/^sbatch:\s*(error:\s*)?/, '').trim()).filter((l) => l !== '');
  const said = lines.join('; ') || `exit code ${code}, nothing said`;
  for (const [re, c, hint] of REFUSALS) if (re.test(said)) return new SlurmError(c, `sbatch refused the job: ${said}`, { hint, details: { stderr } });
  return new SlurmError('slurm/submit-failed', `sbatch failed: ${said}`, { details: { stderr } });
}

/**
 * `sbatch --parsable [args…] script`, resolving to the job id; typed errors when sbatch is missing or refuses.
 *
 * @example
 * ```ts
 * const id = await sbatch(execRunner, ['--dependency=afterok:123'], 'feats.slurm/merge.sbatch'); // '124'
 * ```
 */
export async function sbatch(run: CommandRunner, args: readonly string[], script: string): Promise<string> {
  const r = await run('sbatch', ['--parsable', ...args, script]);
  if (r.missing) {
    throw new SlurmError('slurm/sbatch-missing', 'sbatch is not on PATH: this machine is not a Slurm submit host', {
      hint: `run kenobi slurm on the cluster's login node, or submit the scripts yourself: sbatch ${script}`,
    });
  }
  if (r.code !== 0) throw sbatchRefusal(r.stderr, r.code);
  // NOTE: --parsable prints "<id>" or "<id>;<cluster>".
  const id = r.stdout.trim().split('\n').at(-1)?.split(';')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new SlurmError('slurm/submit-failed', `sbatch printed no job id: '${r.stdout.trim()}'`);
  return id;
}

/**
 * `scancel ids…` (array tasks as `123_4`); a job that already ended is not an error.
 *
 * @example
 * ```ts
 * await scancel(execRunner, ['124']);
 * ```
 */
export async function scancel(run: CommandRunner, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const r = await run('scancel', [...ids]);
  if (r.missing) throw new SlurmError('slurm/sbatch-missing', 'scancel is not on PATH: this machine is not a Slurm submit host');
  if (r.code !== 0 && !/invalid job id|already completed|job has finished/i.test(r.stderr)) {
    throw new SlurmError('slurm/command-failed', `scancel ${ids.join(' ')} failed: ${r.stderr.trim()}`);
  }
}
