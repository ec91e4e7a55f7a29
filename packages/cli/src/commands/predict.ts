/**
 * `kenobi predict --model merged.onnx --data <catalog|dir|file>`: class probabilities (and MC-dropout
 * mean ± std) from a model made by `kenobi export`.
 */
import { parseShardSpec, shardRange } from '@kenobi/features';
import { readExportInfo } from '@kenobi/learn';
import { isDevice, DEVICES, type Device } from '@kenobi/runtime';
import { loadModelFile } from '@kenobi/onnx/node';
import { resolveModelArg } from '@kenobi/zoo/node';
import { headOnnx } from './head-onnx.js';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { CATALOG_COLUMN_OPTIONS, catalogColumnFlags } from './catalog-column-flags.js';
import { decodeLimitFlags, failureSummary } from './decode-flags.js';
import { loadPredictData } from './predict-data.js';
import { predictionsCsv, predictionsTable } from './predict-format.js';
import { predictDataset, ttaFlag } from './predict-run.js';
import { predictBandsWarning, withModelBands } from './predict-bands.js';
import { predictionsResultTable } from './predict-table.js';
import { parseTableFormats, writeTableFile } from '@kenobi/features/node';
import { imageModelOnnx, readImageModelFile } from '../image-training/image-model-file.js';
import { readModelFileBytes } from '../model-file-bytes.js';
import { finetunedOnnx, readFinetunedFile } from '../finetune/finetuned-model-file.js';

/**
 * The `predict` command.
 *
 * @example
 * ```sh
 * kenobi predict --model lens-finder.onnx --data candidates.csv --samples 30 --csv > predictions.csv
 * ```
 */
export const predictCommand: Command = {
  words: ['predict'],
  summary: 'Classify images with an exported model (class, probability, MC-dropout mean ± std)',
  usage: 'kenobi predict --model merged.onnx|model.kenobi [--backbone <id|file>] --data <catalog.csv|dir|file> [--id-col C] [--path-col C] [--label-col C] [--where C=v1,v2] [--device auto|cpu|cuda|webgpu|wasm] [--samples 30] [--tta none|dihedral] [--batch 16] [--workers N] [--threads N] [--shard i/N] [--item-timeout 60] [--worker-memory MB] [--out predictions.csv|.parquet|.fits] [--csv|--json]',
  details: `
Reads the model's Kenobi metadata (classes, preprocessing, image stretch), prepares each image the way
feature extraction did, and prints one row per image: id, (label), class, probability. With --samples N
(a model exported with --mc-dropout) it runs N stochastic passes and prints the mean ± std; the backbone
runs once per batch and only the head (after the 'features' tensor, where the random masks are) runs N times.

  --model     a model written by kenobi export, an image model (.kenobi) from kenobi train --arch, a
              fine-tuned model (.kenobi) from kenobi finetune, or a head (.kenobi) from kenobi train --features
              (the last two run on their backbone: the zoo id they record, or --backbone <id|file.onnx>)
  --data      a catalog (CSV, FITS table, Parquet), a folder per class or of unlabelled images, a FITS cube / .npy stack, or one
              image (PNG, JPEG, FITS)
  --id-col, --path-col, --label-col   catalog column names, as for kenobi extract (default: a column named
              like an id (id, objid, object_id, source_id, name), path, label)
  --where     column=value[,value…]: only the catalog rows that match (repeatable), as for kenobi extract
  --device    auto (default) | cpu | cuda | webgpu | wasm
  --samples   MC-dropout passes (default 1)
  --tta       dihedral: average the outputs over each image's 8 rotations and flips (test-time augmentation;
              8× the inference; square inputs); none (default)
  --batch     images per run (default 16)
  --interval  override the recorded interval for float images (minmax, zscale, percentile:99.5)
  --stretch   override the recorded stretch (linear, asinh, log, ...)
  --workers   decode threads (default cores - 1, at most 4; 0 decodes in the main thread, without limits)
  --threads   ONNX Runtime intra-op threads (default: ORT's, one per core)
  --shard i/N only block i of N of the data (as kenobi extract --shard; kenobi slurm predict runs one per task)
  --item-timeout   seconds one image may take to decode before it fails with features/decode-timeout (default 60)
  --worker-memory  MB per decode worker (default 512 + 4 batches of model input): its V8 heap limit; the
              memory guard lets resident memory grow by 2 x this per worker; an image over it fails
              with features/decode-out-of-memory
  --out       also write the predictions to a file: .csv, .parquet or .fits (a FITS binary table), or
              the format given by --format csv|parquet|fits; the same columns as --csv
  --csv       print CSV (id, label, class, probability, std, one column per class; with failed images, an
              error column and one row per failed image, in dataset order)
  --json      print JSON (predictions, and failures with row, id, path, code and error)

An image that cannot be read, hangs or exhausts memory fails alone, with its reason on stderr (and in the
CSV/JSON); the others are predicted. Exit code 0 when at least one image was predicted (or none failed), 1
when every image failed.

A model from kenobi train --arch records the bands it was trained on (g, r, i from a catalog's path_<band>
columns): a catalog holding them among other bands, or in another column order, is read with the model's
bands in the model's order; a catalog without one of them is refused, and images without band names (one FITS file, a folder)
are warned about, as their planes become the channels as they are.

Example: kenobi predict --model lens-finder.onnx --data demo-output/data/catalog.csv --samples 30 --csv`,
  options: {
    model: { type: 'string' },
    backbone: { type: 'string' },
    data: { type: 'string' },
    ...CATALOG_COLUMN_OPTIONS,
    device: { type: 'string' },
    samples: { type: 'string' },
    tta: { type: 'string' },
    batch: { type: 'string' },
    interval: { type: 'string' },
    stretch: { type: 'string' },
    workers: { type: 'string' },
    'item-timeout': { type: 'string' },
    'worker-memory': { type: 'string' },
    threads: { type: 'string' },
    shard: { type: 'string' },
    out: { type: 'string', short: 'o' },
    format: { type: 'string' },
    csv: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const modelArg = values.model, data = values.data;
    if (typeof modelArg !== 'string' || modelArg === '') throw new UsageError(`kenobi predict: --model is required. Usage: ${predictCommand.usage}`);
    if (typeof data !== 'string' || data === '') throw new UsageError(`kenobi predict: --data is required. Usage: ${predictCommand.usage}`);
    if (values.csv && values.json) throw new UsageError('kenobi predict: choose one of --csv and --json');
    const device = (values.device as string | undefined) ?? 'auto';
    if (!isDevice(device)) throw new UsageError(`kenobi predict: --device must be one of ${DEVICES.join(', ')}, got '${device}'`);
    const int = (name: string, fallback: number): number => {
      const v = values[name];
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`kenobi predict: --${name} must be a positive integer, got '${String(v)}'`);
      return n;
    };
    const limits = decodeLimitFlags('predict', values);
    const workersFlag = values.workers;
    const workers = workersFlag === undefined ? undefined : Number(workersFlag);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new UsageError(`kenobi predict: --workers must be a non-negative integer, got '${String(workersFlag)}'`);
    // NOTE: an image model from kenobi train --arch runs as its own export (preprocessing in the graph), in memory.
    const bytes = modelArg.toLowerCase().endsWith('.kenobi') ? readModelFileBytes(modelArg) : undefined;
    const image = bytes ? readImageModelFile(modelArg, bytes) : undefined;
    // NOTE: a fine-tuned model (kenobi finetune) runs as its export on its backbone, built in memory.
    const tuned = !image && bytes ? readFinetunedFile(modelArg, bytes) : undefined;
    // NOTE: and a head trained on features (kenobi train --features) runs merged with the backbone of its features.
    const headFile = bytes !== undefined && !image && !tuned;
    if (values.backbone !== undefined && !tuned && !headFile) throw new UsageError('kenobi predict: --backbone goes with a fine-tuned model (.kenobi from kenobi finetune) or a head trained on features');
    const backbone = typeof values.backbone === 'string' ? { backbone: values.backbone } : {};
    const model = image
      ? imageModelOnnx(image, { inGraph: true })
      : tuned ? (await finetunedOnnx(tuned, { ...backbone, flag: '--backbone', inGraph: true })).model
      : headFile ? await headOnnx(modelArg, bytes, { ...backbone, flag: '--backbone', command: 'kenobi predict' })
      : loadModelFile((await resolveModelArg(modelArg)).path);
    const info = readExportInfo(model);
    const loaded = await withModelBands(info.image?.bands, await loadPredictData(data, catalogColumnFlags(values)), (bands) => loadPredictData(data, { ...catalogColumnFlags(values), bands }));
    if (loaded.note) io.stderr.write(`kenobi predict: ${loaded.note}\n`);
    const all = loaded.dataset;
    // NOTE: a shard keeps its items' dataset rows, so failures and CSV rows of merged shards read as one run's.
    const [start, end] = typeof values.shard === 'string' ? shardRange(all.items.length, parseShardSpec(values.shard)) : [0, all.items.length];
    const dataset = { ...all, items: all.items.slice(start, end) };
    const bandsWarning = predictBandsWarning(info, dataset);
    if (bandsWarning) io.stderr.write(`kenobi predict: warning: ${bandsWarning}\n`);
    const threads = values.threads === undefined ? undefined : int('threads', 1);
    const tta = ttaFlag(values, 'predict');
    const bar = progressBar(io.stderr);
    const result = await predictDataset(model, dataset, {
      device: device as Device,
      samples: int('samples', 1),
      tta,
      batchSize: int('batch', 16),
      ...(typeof values.interval === 'string' ? { interval: values.interval } : {}),
      ...(typeof values.stretch === 'string' ? { stretch: values.stretch } : {}),
      ...limits, ...(workers !== undefined ? { workers } : {}),
      ...(threads ? { sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 } } : {}),
      onProgress: bar,
    });
    bar.finish();
    const classification = result.info.task === 'classification';
    const columns = classification ? result.info.classes : Array.from({ length: result.rows[0]?.values.length ?? 0 }, (_, k) => `y${k}`);
    for (const line of failureSummary(result.failures)) io.stderr.write(`kenobi predict: ${line.trimStart()}\n`);
    if (typeof values.out === 'string') {
      const format = typeof values.format === 'string' ? parseTableFormats(values.format) : undefined;
      if (format && format.length !== 1) throw new UsageError('kenobi predict: --format names one format with --out');
      const written = writeTableFile(values.out, predictionsResultTable(result.rows, columns, classification, result.failures), {
        ...(format ? { format: format[0]! } : {}), provenance: { origin: 'kenobi predict', model: modelArg, samples: int('samples', 1), tta },
      });
      io.stderr.write(`kenobi predict: wrote ${written.path} (${written.format})\n`);
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ model: image || tuned || headFile ? modelArg : (await resolveModelArg(modelArg)).path, task: result.info.task, device: result.device, samples: int('samples', 1), passes: result.passes, columns, predictions: result.rows, failures: result.failures }, null, 2)}\n`);
    } else if (values.csv) {
      io.stdout.write(predictionsCsv(result.rows, columns, classification, result.failures));
    } else {
      io.stdout.write(predictionsTable(result.rows, columns, classification));
      io.stderr.write(`${result.rows.length} images on ${result.device} in ${result.seconds.toFixed(1)} s${result.failures.length ? `, ${result.failures.length} failed` : ''}\n`);
    }
    return result.failures.length > 0 && result.rows.length === 0 ? 1 : 0;
  },
};
