/**
 * `kenobi extract`: features of a dataset into a resumable, sharded `.npy` feature store.
 */
import { join } from 'node:path';
import { ON_ERROR_POLICIES, parseShardSpec, STORE_FILES, type ImagePreprocessing, type OnErrorPolicy, type TtaMode } from '@kenobi/features';
import { describeIdSource, extractFeatures, loadDataset, type CatalogColumns } from '@kenobi/features/node';
import { POOL_MODES, type PoolMode } from '@kenobi/onnx';
import { DEVICES, isDevice } from '@kenobi/runtime';
import { preprocessingPreset, PREPROCESSING_PRESETS } from '@kenobi/zoo';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { CATALOG_COLUMN_OPTIONS, catalogColumnFlags } from './catalog-column-flags.js';
import { decodeLimitFlags, failureSummary } from './decode-flags.js';
import { commaList } from './comma-list.js';
import { exportedModelInput } from './exported-model-input.js';

const TTA_CHOICES: Readonly<Record<string, TtaMode>> = Object.freeze({ none: 'none', dihedral: 'averaged', 'dihedral-kept': 'kept' });

function oneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly unknown[]).includes(value)) throw new UsageError(`kenobi extract: --${name} must be one of ${choices.join(', ')}, got '${String(value)}'`);
  return value as T;
}

function positiveInt(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`kenobi extract: --${name} must be a non-negative integer, got '${String(value)}'`);
  return n;
}

/**
 * The `extract` command.
 *
 * @example
 * ```sh
 * kenobi extract --model densenet121-keras --data gz1/labels.csv --id-col objid --path-col file --label-col gz1_class_name --out feats/
 * ```
 */
export const extractCommand: Command = {
  words: ['extract'],
  summary: 'Extract CNN features of a dataset into a resumable, sharded .npy feature store',
  usage: 'kenobi extract --model <id|path> --data <catalog.csv|dir|stack> --out <dir> [--layer <tensor>|auto] [--pool avg|max|none] [--device auto|cpu|cuda|webgpu] [--batch 32] [--tta dihedral] [--shard i/N] [--resume] [--threads N] [--item-timeout 60] [--worker-memory MB] [--json]',
  details: `
Runs a pretrained model cut at a feature tensor over every image of a dataset and writes a feature store:
little-endian float32 .npy parts (numpy.load reads them), ids.json, labels.npy, targets.npy and meta.json.

  --model        zoo id, registered id, .onnx path or URL; an ONNX file kenobi export wrote (a head, a CNN
                 or a fine-tuned model) brings its own preprocessing and its 'features' output (the head's input)
  --layer        feature tensor name, or auto (default): the zoo's, else the tensor feeding the classifier
  --pool         avg | max | none: global pooling of a feature map (default: what the tensor needs)
  --data         a folder per class or of unlabelled images, a catalog (CSV, a FITS binary or ASCII table, Parquet; chosen by
                 content; a FITS table by name or index as cat.fits[SOURCES] or cat.fits[2]), a FITS
                 cube or an .npy stack
  --id-col, --path-col, --label-col   catalog column names (default path, label; the id: a column named
                 id, objid, object_id, source_id or name, reported, else the row index)
  --where        column=value[,value…]: only catalog rows holding one of the values (repeatable, all must
                 hold), e.g. --where split=train --where morph_binary=elliptical,spiral
  --bands        per-band path columns of a catalog, in band order (e.g. g,r,i)
  --targets      regression-target columns (default: every other numeric column)
  --out          the store folder
  --device       auto | cpu | cuda | webgpu | wasm (default auto; the report is kept in meta.json)
  --batch        images per inference run (default 32)
  --preset       preprocessing for a model the zoo does not know (${PREPROCESSING_PRESETS.join(', ')})
  --input-size   H,W: the model's input size (with --preset, or to override the zoo's)
  --interval     for FITS/.npy: minmax (default), zscale, percentile:99.5, manual:a,b
  --stretch      linear (default), sqrt, log, asinh, asinh:0.1, power:2, sinh; or lupton[:stretch=100,Q=8,minimum=0]
                 (a Lupton RGB composite of three bands, astropy make_lupton_rgb; no --interval with it)
  --band-order   which band becomes R,G,B (e.g. i,r,g, the default for g,r,i)
  --tta          none | dihedral (8 symmetries averaged) | dihedral-kept (8 blocks side by side)
  --shard i/N    extract block i of N (merge with kenobi features merge)
  --resume       continue an interrupted run (same settings); --overwrite starts again
  --on-error     skip (default: unreadable items are listed, by row, with the reason) | stop
  --workers      decode threads (default cores - 1, at most 4); --rows-per-part (default 4096)
  --threads      ONNX Runtime intra-op threads (default: ORT's, one per core; kenobi slurm sets
                 SLURM_CPUS_PER_TASK)
  --item-timeout seconds one image may take to decode before its worker is stopped and the image
                 fails with features/decode-timeout (default 60)
  --worker-memory  MB per decode worker (default 512 + 4 batches of model input + 2 x the largest
                 stack file): its V8 heap limit; the memory guard lets resident memory grow by 2 x this
                 per worker; an image over it fails with features/decode-out-of-memory

An image that cannot be read, hangs or exhausts memory fails alone: the run goes on, the failed rows are
listed with their reason (a typed code and a message) on stdout, in meta.json and in <out>/failures.json, and
a --resume keeps them (it neither retries nor loses them). Exit code 0 when at least one row was stored (or
nothing failed), 1 when every image failed.

Example: kenobi extract --model densenet121-keras --data ../shared/data/labeled/gz1_sdss/labels.csv \\
           --id-col objid --path-col file --label-col gz1_class_name --out gz1-feats --batch 16`,
  options: {
    model: { type: 'string' }, layer: { type: 'string' }, pool: { type: 'string' }, data: { type: 'string' }, out: { type: 'string', short: 'o' },
    ...CATALOG_COLUMN_OPTIONS, bands: { type: 'string' }, targets: { type: 'string' },
    device: { type: 'string' }, batch: { type: 'string' }, preset: { type: 'string' }, 'input-size': { type: 'string' }, interval: { type: 'string' }, stretch: { type: 'string' },
    'band-order': { type: 'string' }, tta: { type: 'string' }, shard: { type: 'string' }, resume: { type: 'boolean' }, overwrite: { type: 'boolean' },
    'on-error': { type: 'string' }, workers: { type: 'string' }, 'rows-per-part': { type: 'string' }, json: { type: 'boolean' },
    'item-timeout': { type: 'string' }, 'worker-memory': { type: 'string' }, threads: { type: 'string' },
  },
  async run({ values }, io) {
    const model = values.model;
    const data = values.data;
    const out = values.out;
    if (typeof model !== 'string' || model === '') throw new UsageError('kenobi extract: --model <id|path> is required');
    if (typeof data !== 'string' || data === '') throw new UsageError('kenobi extract: --data <catalog.csv|dir|stack> is required');
    if (typeof out !== 'string' || out === '') throw new UsageError('kenobi extract: --out <dir> is required');
    const pool = oneOf<PoolMode>('pool', values.pool, POOL_MODES);
    const device = values.device;
    if (device !== undefined && !isDevice(device)) throw new UsageError(`kenobi extract: --device must be one of ${DEVICES.join(', ')}`);
    const tta = values.tta === undefined ? 'none' : TTA_CHOICES[String(values.tta)];
    if (tta === undefined) throw new UsageError(`kenobi extract: --tta must be one of ${Object.keys(TTA_CHOICES).join(', ')}`);
    const onError = oneOf<OnErrorPolicy>('on-error', values['on-error'], ON_ERROR_POLICIES);
    const preset = oneOf('preset', values.preset, PREPROCESSING_PRESETS);
    const bandOrder = commaList(values['band-order'])?.map((b) => (/^\d+$/.test(b) ? Number(b) : b));
    const targets = commaList(values.targets);
    const bands = commaList(values.bands);
    const columns: CatalogColumns = {
      ...catalogColumnFlags(values),
      ...(bands ? { bands } : {}),
      ...(targets ? { targets } : {}),
    };
    const shard = typeof values.shard === 'string' ? parseShardSpec(values.shard) : undefined;
    const batchSize = positiveInt('batch', values.batch);
    const workers = positiveInt('workers', values.workers);
    const threads = positiveInt('threads', values.threads);
    if (threads === 0) throw new UsageError('kenobi extract: --threads must be at least 1');
    const rowsPerPart = positiveInt('rows-per-part', values['rows-per-part']);
    const limits = decodeLimitFlags('extract', values);
    const size = commaList(values['input-size'])?.map(Number);
    if (size && (size.length !== 2 || !size.every((v) => Number.isInteger(v) && v > 0))) throw new UsageError('kenobi extract: --input-size must be H,W');
    const inputSize = size ? ([size[0]!, size[1]!] as [number, number]) : undefined;
    if (model.toLowerCase().endsWith('.kenobi')) {
      throw new UsageError(`kenobi extract: --model takes a zoo id or an ONNX file; ${model} is a .kenobi file (a head, a CNN or a fine-tuned model): export it first (kenobi export --head ${model} -o model.onnx), then extract that file's features output`);
    }
    // NOTE: an ONNX file Kenobi exported brings its own preprocessing and its 'features' output (the head's input)
    const exported = preset || inputSize ? undefined : exportedModelInput(model);
    if (exported) io.stderr.write(`${model} is a Kenobi export: its recorded preprocessing${exported.info.preprocessingInGraph ? ' (in the graph: raw pixels in)' : ''} and, unless --layer says otherwise, its 'features' output (${exported.info.outputs.featureWidth}-d, the head's input)\n`);
    const preprocessing = {
      ...(preset ? preprocessingPreset(preset) : {}),
      ...(inputSize ? { inputSize, resizeSize: Math.min(...inputSize) } : {}),
      ...(exported ? exported.preprocessing.config : {}),
    };
    const imageDefaults: Partial<ImagePreprocessing> = exported?.preprocessing ?? {};
    const dataset = await loadDataset(data, { columns });
    const bar = progressBar(io.stderr);
    const r = await extractFeatures(dataset, {
      model, out, tta,
      ...(typeof values.layer === 'string' ? { tensor: values.layer } : exported ? { tensor: exported.info.outputs.features } : {}),
      ...(pool ? { pool } : {}), ...(device ? { device } : {}), ...(batchSize ? { batchSize } : {}),
      ...(Object.keys(preprocessing).length > 0 ? { preprocessing } : {}),
      ...(typeof values.interval === 'string' ? { interval: values.interval } : imageDefaults.interval ? { interval: imageDefaults.interval } : {}),
      ...(typeof values.stretch === 'string' ? { stretch: values.stretch } : imageDefaults.stretch ? { stretch: imageDefaults.stretch } : {}),
      ...(bandOrder ? { bandOrder } : imageDefaults.bandOrder ? { bandOrder: imageDefaults.bandOrder } : {}), ...(shard ? { shard } : {}), ...(onError ? { onError } : {}),
      ...(workers !== undefined ? { workers } : {}), ...(threads ? { sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 } } : {}), ...(rowsPerPart ? { rowsPerPart } : {}), ...limits,
      ...(values.resume ? { resume: true } : {}), ...(values.overwrite ? { overwrite: true } : {}),
      onProgress: bar,
    });
    bar.finish();
    const m = r.meta;
    const summary = {
      out, rows: m.rows, dim: m.dim, model: m.model.id, sha256: m.model.sha256, tensor: m.tensor, pool: m.pool, batchMode: m.model.batchMode,
      device: m.device.device, provider: m.device.provider, deviceReport: m.device.report, shard: m.shard, parts: m.parts,
      resumedParts: r.resumedParts, imagesThisRun: r.imagesThisRun, seconds: r.seconds, idSource: dataset.idSource ?? null,
      imagesPerSecond: r.seconds > 0 ? r.imagesThisRun / r.seconds : 0, failures: r.failures, decode: r.decode, pixelInput: r.pixelInput,
    };
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const lines = [
        `extracted ${m.rows} rows x ${m.dim} features -> ${out}`,
        ...(dataset.idSource ? [describeIdSource(dataset.idSource)!] : []),
        `model ${m.model.id} (sha256 ${m.model.sha256.slice(0, 12)}…) at '${m.tensor}'${m.pool !== 'none' ? ` (${m.pool}-pooled)` : ''}, batch ${m.batchSize} (${m.model.batchMode})`,
        m.device.report,
        `${r.imagesThisRun} images in ${r.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(1)} images/s)${r.resumedParts > 0 ? `, ${r.resumedParts} part(s) resumed` : ''}${r.pixelInput.used ? '; 8-bit images went to the model as pixels, scaled in its graph' : ''}`,
        ...failureSummary(r.failures, join(out, STORE_FILES.failures)),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    // NOTE: failed rows are reported, not fatal: a survey-scale run with a few bad files succeeds.
    return m.rows === 0 && r.failures.length > 0 ? 1 : 0;
  },
};
