/**
 * Runs an exported Kenobi model over a dataset: decode and stretch each image as extraction did, feed the
 * model (raw pixels when its preprocessing is in the graph), and average MC-dropout samples.
 */
import type { ProgressCallback } from '@kenobi/core';
import { ItemReader, labelIndices, prepareBatch, type Dataset, type ImagePreprocessing, type ItemFailure } from '@kenobi/features/node';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { readExportInfo, type ExportInfo } from '@kenobi/learn';
import type { ModelProto } from '@kenobi/onnx';
import type { Device } from '@kenobi/runtime';
import { UsageError } from '../usage-error.js';
import type { PredictionRow } from './predict-format.js';
import { openPredictSessions, type PredictPasses } from './predict-sessions.js';

/** Options of {@link predictDataset}. */
export interface PredictOptions {
  readonly device?: Device;
  /** MC-dropout passes (needs a model exported with --mc-dropout); default 1. */
  readonly samples?: number;
  readonly batchSize?: number;
  /** Overrides of the recorded image stretch. */
  readonly interval?: string;
  readonly stretch?: string;
  /**
   * Run the backbone once per batch and only the head (cut at `features`) once per sample. Default: on
   * when `samples > 1` and the model has MC-dropout; `false` runs the whole model per sample.
   */
  readonly splitHead?: boolean;
  readonly onProgress?: ProgressCallback;
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
export function pixelPipeline(info: ExportInfo, overrides: { interval?: string; stretch?: string }): ImagePreprocessing {
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
  return {
    config,
    tta: 'none',
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
  const sessions = await openPredictSessions(model, info, { device: options.device ?? 'auto', split });
  const started = Date.now();
  try {
    const fixed = sessions.fixedBatch;
    const batch = typeof fixed === 'number' ? fixed : Math.max(1, options.batchSize ?? 16);
    const [h, w] = pipeline.config.inputSize;
    const c = pipeline.config.mean.length;
    const reader = new ItemReader();
    const labels = labelIndices(dataset);
    const rows: PredictionRow[] = [];
    const failures: ItemFailure[] = [];
    const total = dataset.items.length;
    for (let start = 0; start < total; start += batch) {
      const items = dataset.items.slice(start, start + batch);
      const prepared = await prepareBatch({ seq: start, items, bandNames: dataset.bandNames, preprocessing: pipeline }, reader);
      failures.push(...prepared.failures);
      const n = prepared.ok.length;
      if (n > 0) {
        let data = prepared.data;
        let runN = n;
        if (typeof fixed === 'number' && n < fixed) {
          data = new Float32Array(fixed * c * h * w);
          data.set(prepared.data);
          runN = fixed;
        }
        const k = info.task === 'classification' ? info.classes.length : 0;
        let width = k;
        let sum = new Float64Array(0), sumSq = new Float64Array(0);
        await sessions.sample({ data, dims: [runN, c, h, w] }, samples, (out, s) => {
          width = out.dims[1] ?? 1;
          if (s === 0) {
            sum = new Float64Array(n * width);
            sumSq = new Float64Array(n * width);
          }
          const v = out.data as Float32Array;
          for (let i = 0; i < n * width; i++) {
            sum[i] += v[i]!;
            sumSq[i] += v[i]! * v[i]!;
          }
        });
        prepared.ok.forEach((local, r) => {
          const item = items[local]!;
          const values = Array.from({ length: width }, (_, j) => sum[r * width + j]! / samples);
          const stds = samples > 1 ? values.map((m, j) => Math.sqrt(Math.max(0, sumSq[r * width + j]! / samples - m * m))) : undefined;
          const label = labels[start + local]! >= 0 ? dataset.classNames[labels[start + local]!] : undefined;
          let row: PredictionRow = { id: item.id, ...(label !== undefined ? { label } : {}), values, ...(stds ? { stds } : {}) };
          if (info.task === 'classification') {
            let best = 0;
            for (let j = 1; j < width; j++) if (values[j]! > values[best]!) best = j;
            row = { ...row, class: info.classes[best] ?? String(best), probability: values[best]!, ...(stds ? { std: stds[best]! } : {}) };
          }
          rows.push(row);
        });
      }
      options.onProgress?.({ phase: 'predict', done: Math.min(total, start + batch), total, unit: 'images' });
    }
    return { info, rows, failures, device: sessions.main.device, report: sessions.report(), seconds: (Date.now() - started) / 1000, passes: { ...sessions.passes } };
  } finally {
    await sessions.dispose();
  }
}
