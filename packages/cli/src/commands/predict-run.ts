/**
 * Runs an exported Kenobi model over a dataset: decode and stretch each image as extraction did (in decode
 * workers under a time limit and a memory budget per image, a few batches ahead of inference), feed the
 * model (raw pixels when its preprocessing is in the graph), and average MC-dropout samples (and, with
 * dihedral test-time augmentation, the outputs of each image's 8 rotations and flips). An image that cannot
 * be decoded is a failure with its row and reason; the others are predicted.
 */
import type { ProgressCallback } from '@kenobi/core';
import { DecodePool, defaultDecodeWorkers, floatInputs, defaultWorkerMemoryMb, labelIndices, variantCount, type Dataset, type DatasetItem, type DecodeLimits, type ImagePreprocessing, type ItemFailure, type PreparedBatch } from '@kenobi/features/node';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { readExportInfo, type ExportInfo } from '@kenobi/learn';
import type { ModelProto } from '@kenobi/onnx';
import type { Device, PassThroughSessionOptions } from '@kenobi/runtime';
import { UsageError } from '../usage-error.js';
import type { PredictionRow } from './predict-format.js';
import { openPredictSessions, type PredictPasses, type PredictSessions } from './predict-sessions.js';

/** Options of {@link predictDataset}; the decode limits apply to the decode workers. */
export interface PredictOptions extends DecodeLimits {
  readonly device?: Device;
  /** MC-dropout passes (needs a model exported with --mc-dropout); default 1. */
  readonly samples?: number;
  readonly batchSize?: number;
  /** Overrides of the recorded image stretch. */
  readonly interval?: string;
  readonly stretch?: string;
  /**
   * Test-time augmentation: 'dihedral' runs the 8 rotations and flips of each image and averages the
   * model's outputs (probabilities) over them; the std of `samples > 1` is then over all 8 × samples runs.
   * Default 'none'. Needs a square input and a model whose batch is not fixed.
   */
  readonly tta?: PredictTta;
  /**
   * Run the backbone once per batch and only the head (cut at `features`) once per sample. Default: on
   * when `samples > 1` and the model has MC-dropout; `false` runs the whole model per sample.
   */
  readonly splitHead?: boolean;
  /**
   * Decode worker threads (default: cores − 1, at least 1, at most 4), ahead of inference. An image that
   * hangs, throws or exhausts memory fails alone (`failures`, with its code); 0 decodes in this thread
   * without those limits.
   */
  readonly workers?: number;
  /** Passed to ONNX Runtime (threads, ...). */
  readonly sessionOptions?: PassThroughSessionOptions;
  readonly onProgress?: ProgressCallback;
}

/** Frozen list of {@link PredictOptions.tta} values. @example `PREDICT_TTA_MODES; // ['none', 'dihedral']` */
export const PREDICT_TTA_MODES = Object.freeze(['none', 'dihedral'] as const);
/** One of {@link PREDICT_TTA_MODES}. @example `const t: PredictTta = 'dihedral';` */
export type PredictTta = (typeof PREDICT_TTA_MODES)[number];

/**
 * The `--tta` flag of `kenobi predict` and `kenobi evaluate`: 'none' (default) or 'dihedral'; another value is
 * a usage error naming the command.
 *
 * @example
 * ```ts
 * ttaFlag({ tta: 'dihedral' }, 'evaluate'); // 'dihedral'
 * ttaFlag({}, 'predict'); // 'none'
 * ```
 */
export function ttaFlag(values: Record<string, unknown>, command: string): PredictTta {
  const tta = (values['tta'] as string | undefined) ?? 'none';
  if (!(PREDICT_TTA_MODES as readonly string[]).includes(tta)) throw new UsageError(`kenobi ${command}: --tta must be one of ${PREDICT_TTA_MODES.join(', ')}, got '${tta}'`);
  return tta as PredictTta;
}

/** What {@link predictDataset} gives. */
export interface PredictResult {
  readonly info: ExportInfo;
  readonly rows: PredictionRow[];
  readonly failures: readonly ItemFailure[];
  readonly device: string;
  readonly report: string;
  readonly seconds: number;
  /** Runs of the whole model, of its backbone part and of its head part (split: one backbone run per batch). */
  readonly passes: Readonly<PredictPasses>;
}

/**
 * The pixel pipeline for an exported model: its recorded preprocessing, or (when that is in the graph) the
 * same resize/crop with identity scaling so the model gets raw 0–255 RGB.
 *
 * @example
 * ```ts
 * pixelPipeline(info, {}).config.scale; // '0-255' for a model with preprocessing in the graph
 * ```
 */
export function pixelPipeline(info: ExportInfo, overrides: { interval?: string; stretch?: string; tta?: PredictTta }): ImagePreprocessing {
  const pre = info.preprocessing as unknown as PreprocessingConfig | null;
  if (!pre || !pre.inputSize) {
    throw new UsageError('kenobi predict: the model records no preprocessing (input size, scaling); re-export it with kenobi export from a zoo or imported backbone');
  }
  const channels = pre.mean.length;
  const config: PreprocessingConfig = info.preprocessingInGraph
    ? { ...pre, scale: '0-255', mean: Array(channels).fill(0), std: Array(channels).fill(1), channelOrder: 'RGB' }
    : pre;
  const interval = overrides.interval ?? info.image?.interval;
  const stretch = overrides.stretch ?? info.image?.stretch;
  if (overrides.tta === 'dihedral' && config.inputSize[0] !== config.inputSize[1]) {
    throw new UsageError(`kenobi predict: --tta dihedral needs a square model input, this model takes ${config.inputSize[0]}×${config.inputSize[1]}`);
  }
  return {
    config,
    tta: overrides.tta === 'dihedral' ? 'averaged' : 'none',
    ...(interval ? { interval } : {}),
    ...(stretch ? { stretch } : {}),
    ...(info.image?.bandOrder ? { bandOrder: info.image.bandOrder } : {}),
  };
}

/**
 * Predicts every item of `dataset` with an exported model.
 *
 * @example
 * ```ts
 * const { rows } = await predictDataset(loadModelFile('lens-finder.onnx'), await loadDataset('catalog.csv'), { samples: 30 });
 * rows[0]; // { id: 'lens_0000', label: 'lens', class: 'lens', probability: 0.97, std: 0.02, ... }
 * ```
 */
export async function predictDataset(model: ModelProto, dataset: Dataset, options: PredictOptions = {}): Promise<PredictResult> {
  const info = readExportInfo(model);
  const samples = options.samples ?? 1;
  if (samples > 1 && !info.mcDropout.enabled) {
    throw new UsageError(`kenobi predict: --samples ${samples} needs a model exported with --mc-dropout (this one is deterministic)`);
  }
  const pipeline = pixelPipeline(info, options);
  const hasFeatures = (model.graph?.output ?? []).some((o) => o.name === info.outputs.features);
  const split = options.splitHead ?? (samples > 1 && info.mcDropout.enabled && hasFeatures);
  const sessions = await openPredictSessions(model, info, { device: options.device ?? 'auto', split, ...(options.sessionOptions ? { sessionOptions: options.sessionOptions } : {}) });
  const started = Date.now();
  const fixed = sessions.fixedBatch;
  const variants = variantCount(pipeline);
  if (variants > 1 && typeof fixed === 'number') {
    await sessions.dispose();
    throw new UsageError(`kenobi predict: --tta dihedral runs 8 inputs per image, and this model's batch is fixed at ${fixed}; re-export it with a dynamic batch`);
  }
  const batch = typeof fixed === 'number' ? fixed : Math.max(1, options.batchSize ?? 16);
  const [h, w] = pipeline.config.inputSize;
  const c = pipeline.config.mean.length;
  let pool: DecodePool | undefined;
  try {
    pool = new DecodePool(options.workers ?? defaultDecodeWorkers(), {
      workerMemoryMb: options.workerMemoryMb ?? defaultWorkerMemoryMb({ batchInputBytes: batch * variants * c * h * w * 4 }),
      ...(options.itemTimeoutMs !== undefined ? { itemTimeoutMs: options.itemTimeoutMs } : {}),
    });
    const labels = labelIndices(dataset);
    const rows: PredictionRow[] = [];
    const failures: ItemFailure[] = [];
    const total = dataset.items.length;
    const starts = Array.from({ length: Math.ceil(total / batch) }, (_, j) => j * batch);
    const jobs = starts.map((start) => ({ seq: start, items: dataset.items.slice(start, start + batch), bandNames: dataset.bandNames, preprocessing: pipeline }));
    // NOTE: decoding runs a few batches ahead of inference (bounded, so memory stays flat), as in extraction.
    const inflight: Promise<PreparedBatch>[] = [];
    let next = 0;
    const refill = (): void => {
      while (next < jobs.length && inflight.length < Math.max(2, pool!.size * 2)) {
        const p = pool!.submit(jobs[next++]!);
        p.catch(() => {}); // awaited in order below; this only keeps an early rejection from being "unhandled".
        inflight.push(p);
      }
    };
    refill();
    for (const job of jobs) {
      const prepared = await inflight.shift()!;
      refill();
      failures.push(...prepared.failures);
      if (prepared.ok.length > 0) {
        const local = prepared.ok.map((k) => ({ item: job.items[k]!, label: labels[job.seq + k]! }));
        rows.push(...(await predictBatch(sessions, info, floatInputs(prepared), local, { samples, variants, fixed, dims: [c, h, w], classNames: dataset.classNames })));
      }
      options.onProgress?.({ phase: 'predict', done: Math.min(total, job.seq + batch), total, unit: 'images' });
    }
    return { info, rows, failures, device: sessions.main.device, report: sessions.report(), seconds: (Date.now() - started) / 1000, passes: { ...sessions.passes } };
  } finally {
    await pool?.dispose();
    await sessions.dispose();
  }
}

/**
 * Runs one prepared batch (`samples` passes; `variants` consecutive inputs per item with TTA) and makes one
 * row per item, in order: the mean (and std) of its outputs over the samples × variants runs.
 */
async function predictBatch(sessions: PredictSessions, info: ExportInfo, prepared: Float32Array, items: readonly { item: DatasetItem; label: number }[],
  o: { samples: number; variants: number; fixed: number | undefined; dims: readonly [number, number, number]; classNames: readonly string[] }): Promise<PredictionRow[]> {
  const n = items.length, nv = o.variants;
  const [c, h, w] = o.dims;
  let data = prepared;
  let runN = n * nv;
  if (typeof o.fixed === 'number' && n < o.fixed) {
    data = new Float32Array(o.fixed * c * h * w);
    data.set(prepared);
    runN = o.fixed;
  }
  let width = info.task === 'classification' ? info.classes.length : 0;
  let sum = new Float64Array(0), sumSq = new Float64Array(0);
  await sessions.sample({ data, dims: [runN, c, h, w] }, o.samples, (out, s) => {
    width = out.dims[1] ?? 1;
    if (s === 0) {
      sum = new Float64Array(n * width);
      sumSq = new Float64Array(n * width);
    }
    const v = out.data as Float32Array;
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < nv; k++) {
        for (let j = 0; j < width; j++) {
          const x = v[(r * nv + k) * width + j]!;
          sum[r * width + j] += x;
          sumSq[r * width + j] += x * x;
        }
      }
    }
  });
  const runs = o.samples * nv;
  return items.map(({ item, label: l }, r) => {
    const values = Array.from({ length: width }, (_, j) => sum[r * width + j]! / runs);
    const stds = o.samples > 1 ? values.map((m, j) => Math.sqrt(Math.max(0, sumSq[r * width + j]! / runs - m * m))) : undefined;
    const label = l >= 0 ? o.classNames[l] : undefined;
    let row: PredictionRow = { id: item.id, row: item.row, ...(label !== undefined ? { label } : {}), values, ...(stds ? { stds } : {}) };
    if (info.task === 'classification') {
      let best = 0;
      for (let j = 1; j < width; j++) if (values[j]! > values[best]!) best = j;
      row = { ...row, class: info.classes[best] ?? String(best), probability: values[best]!, ...(stds ? { std: stds[best]! } : {}) };
    }
    return row;
  });
}
