/**
 * `kenobi slurm predict`: an exported model over a survey catalog as a Slurm job array, one task per shard
 * (`kenobi predict --shard $SLURM_ARRAY_TASK_ID/N --json`), then a merge job writing one CSV equal to a
 * local `kenobi predict --csv`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../../command.js';
import { UsageError } from '../../usage-error.js';
import { predictCommand } from '../predict.js';
import { forwardFlags } from './forward-flags.js';
import { launchJob } from './launch-job.js';
import { SLURM_OPTIONS, SLURM_OPTIONS_HELP, slurmResources } from './slurm-resources.js';
import { shardCount, shardTasks } from './shard-tasks.js';
import { shellCommand, shellQuote } from './shell-quote.js';
import { kenobiCommand, writeJobFolder } from './write-job-folder.js';

/** Flags of `kenobi predict` that the array sets itself. */
const OWN = ['shard', 'csv', 'json', 'out'];

/**
 * The `slurm predict` command.
 *
 * @example
 * ```sh
 * kenobi slurm predict --model lens-finder.onnx --data survey.csv --out predictions.csv --shards 100 --submit --wait
 * ```
 */
export const slurmPredictCommand: Command = {
  words: ['slurm', 'predict'],
  summary: 'Predict a survey catalog on a Slurm cluster: a job array of shards (kenobi predict --shard i/N) and a merge into one CSV',
  usage: 'kenobi slurm predict --model <model.onnx|model.kenobi> --data <catalog|dir|stack> --out <predictions.csv> --shards N [any kenobi predict flag] [--partition p] [--time …] [--cpus N] [--mem …] [--gpus N] [--account a] [--extra \'#SBATCH …\'] [--job-dir <out>.slurm] [--submit [--wait]] [--json]',
  details: `
Writes a job folder (default <out>.slurm) with array.sbatch, one task per shard running kenobi predict
--shard $SLURM_ARRAY_TASK_ID/N --json into <job>/shards/shard-<i>.json (moved into place only when the
task succeeds; threads from SLURM_CPUS_PER_TASK, --device cuda with --gpus), and merge.sbatch (kenobi slurm
merge <job>, after every task succeeded) writing --out: the same CSV a local kenobi predict --csv prints
(failed images in their dataset rows, with the error column). Every kenobi predict flag (--samples,
--batch, --interval, --stretch, ...) passes through.

  --shards N    tasks in the array
${SLURM_OPTIONS_HELP}

Example: kenobi slurm predict --model lens-finder.onnx --data survey.csv --out predictions.csv --shards 100 \\
           --samples 30 --cpus 4 --time 01:00:00 --submit --wait`,
  options: { ...Object.fromEntries(Object.entries(predictCommand.options).filter(([k]) => !OWN.includes(k))), ...SLURM_OPTIONS, out: { type: 'string', short: 'o' }, shards: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const name = 'kenobi slurm predict';
    for (const req of ['model', 'data', 'out'] as const) {
      if (typeof values[req] !== 'string' || values[req] === '') throw new UsageError(`${name}: --${req} is required. Usage: ${slurmPredictCommand.usage}`);
    }
    const shards = shardCount(name, values.shards);
    const resources = slurmResources(name, values);
    const out = resolve(String(values.out));
    const jobDir = resolve(typeof values['job-dir'] === 'string' ? values['job-dir'] : `${out}.slurm`);
    const args = forwardFlags(values, predictCommand.options, OWN);
    const kenobi = kenobiCommand(values.kenobi);
    const shardsDir = join(jobDir, 'shards');
    const task = shellCommand([
      ...kenobi, 'predict', ...args,
      ...(values.device === undefined ? ['--device', resources.gpus ? 'cuda' : 'cpu'] : []),
      ...(values.threads === undefined ? ['--threads', { raw: '"$threads"' }] : []),
      ...(values.workers === undefined ? ['--workers', { raw: '"$workers"' }] : []),
      '--shard', { raw: `"$task/${shards}"` }, '--json', { raw: '> "$out.tmp" && mv "$out.tmp" "$out"' },
    ]);
    mkdirSync(shardsDir, { recursive: true });
    const plan = writeJobFolder({
      kind: 'predict', jobDir, out, cwd: process.cwd(), kenobi, args, resources,
      tasks: shardTasks(shards, (i) => join(shardsDir, `shard-${i}.json`)),
    }, {
      summary: [`kenobi slurm predict: one task per shard (${shards}) of ${String(values.data)}, each into ${shardsDir}/shard-<i>.json;`, `then the merge job (merge.sbatch) writes them as one CSV: ${out}.`],
      task: [`out=${shellQuote(shardsDir)}/shard-$task.json`, '# NOTE: the JSON is moved into place only when predict succeeded: its presence means the shard is done.', task],
      merge: [shellCommand([...kenobi, 'slurm', 'merge', jobDir])],
    });
    return launchJob(plan, values, io, name);
  },
};
