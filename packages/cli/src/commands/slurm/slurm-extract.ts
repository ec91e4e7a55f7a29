/**
 * `kenobi slurm extract`: feature extraction as a Slurm job array, one task per shard
 * (`kenobi extract --shard $SLURM_ARRAY_TASK_ID/N --resume`), then a merge job (`kenobi slurm merge`, i.e. `kenobi features merge`)
 * that runs only when every shard succeeded.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileSha256 } from '@kenobi/zoo/node';
import type { Command } from '../../command.js';
import { UsageError } from '../../usage-error.js';
import { extractCommand } from '../extract.js';
import { forwardFlags } from './forward-flags.js';
import { launchJob } from './launch-job.js';
import { SLURM_OPTIONS, SLURM_OPTIONS_HELP, slurmResources } from './slurm-resources.js';
import { shardCount, shardTasks } from './shard-tasks.js';
import { shellCommand, shellQuote } from './shell-quote.js';
import { shardStoreDir } from './task-outputs.js';
import { kenobiCommand, writeJobFolder } from './write-job-folder.js';

/** Flags of `kenobi extract` that the array sets itself. */
const OWN = ['shard', 'resume', 'overwrite', 'out', 'json'];

/**
 * The `slurm extract` command.
 *
 * @example
 * ```sh
 * kenobi slurm extract --model densenet121-keras --data survey.csv --out feats --shards 64 --cpus 8 --time 02:00:00 --submit --wait
 * ```
 */
export const slurmExtractCommand: Command = {
  words: ['slurm', 'extract'],
  summary: 'Extract features on a Slurm cluster: a job array of shards (kenobi extract --shard i/N --resume) and a merge job',
  usage: 'kenobi slurm extract --model <id|path> --data <catalog|dir|stack> --out <dir> --shards N [any kenobi extract flag] [--partition p] [--time 02:00:00] [--cpus 8] [--mem 16G] [--gpus 1] [--account a] [--extra \'#SBATCH …\'] [--job-dir <out>.slurm] [--submit [--wait]] [--json]',
  details: `
Writes a job folder (default <out>.slurm) with two plain sbatch scripts a person can read and edit:
array.sbatch, one task per shard running kenobi extract --shard $SLURM_ARRAY_TASK_ID/N --resume into
<job>/shards/shard-<i> (ONNX Runtime threads = SLURM_CPUS_PER_TASK; --device cuda when --gpus is given, else
cpu), and merge.sbatch, kenobi slurm merge <job> (kenobi features merge of the N shards into --out),
submitted with --dependency=afterok on the array so it runs only when every shard succeeded. Every kenobi
extract flag (--layer, --pool, --batch, --preset, --stretch, --tta, ...) passes through to the tasks.

  --shards N    tasks (shards) in the array; each resumes its own store, so a killed task loses nothing
${SLURM_OPTIONS_HELP}

Then: kenobi slurm status <job> (which shards are complete, running, failed with their log, or missing) and
kenobi slurm resume <job> (resubmits only the failed and missing shards, then the merge).

Example: kenobi slurm extract --model densenet121-keras --data survey.csv --id-col objid --path-col file \\
           --out feats --shards 64 --cpus 8 --mem 16G --time 02:00:00 --partition cpu --submit --wait`,
  options: { ...Object.fromEntries(Object.entries(extractCommand.options).filter(([k]) => !OWN.includes(k))), ...SLURM_OPTIONS, out: { type: 'string', short: 'o' }, shards: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const name = 'kenobi slurm extract';
    for (const req of ['model', 'data', 'out'] as const) {
      if (typeof values[req] !== 'string' || values[req] === '') throw new UsageError(`${name}: --${req} is required. Usage: ${slurmExtractCommand.usage}`);
    }
    const shards = shardCount(name, values.shards);
    const resources = slurmResources(name, values);
    const out = resolve(String(values.out)).replace(/\/+$/, '');
    const jobDir = resolve(typeof values['job-dir'] === 'string' ? values['job-dir'] : `${out}.slurm`);
    const args = forwardFlags(values, extractCommand.options, OWN);
    const model = String(values.model);
    const modelSha256 = existsSync(model) && statSync(model).isFile() ? await fileSha256(model) : undefined;
    const kenobi = kenobiCommand(values.kenobi);
    const task = shellCommand([
      ...kenobi, 'extract', ...args,
      ...(values.device === undefined ? ['--device', resources.gpus ? 'cuda' : 'cpu'] : []),
      ...(values.threads === undefined ? ['--threads', { raw: '"$threads"' }] : []),
      ...(values.workers === undefined ? ['--workers', { raw: '"$workers"' }] : []),
      '--shard', { raw: `"$task/${shards}"` }, '--resume', '--out', { raw: `${shellQuote(join(jobDir, 'shards'))}/shard-"$task"` },
    ]);
    const merge = [
      `# NOTE: this is kenobi features merge ${shellQuote(join(jobDir, 'shards'))}/shard-{0..${shards - 1}} -o ${shellQuote(out)}, after checking that the`,
      '# shards belong together and removing what a merge that died half-way left.',
      shellCommand([...kenobi, 'slurm', 'merge', jobDir]),
    ];
    const plan = writeJobFolder({
      kind: 'extract', jobDir, out, cwd: process.cwd(), kenobi, args, resources,
      tasks: shardTasks(shards, (i) => shardStoreDir(jobDir, i)), ...(modelSha256 ? { modelSha256 } : {}),
    }, {
      summary: [`kenobi slurm extract: one task per shard (${shards}) of ${String(values.data)}, each into ${join(jobDir, 'shards')}/shard-<i>;`, `then the merge job (merge.sbatch) joins them into ${out}.`],
      task: ['# NOTE: a rerun of a shard continues its partial store (--resume): no row is computed twice.', task],
      merge,
    });
    return launchJob(plan, values, io, name);
  },
};
