/**
 * `kenobi evaluate` of a model that runs on images through its export, as `kenobi predict` runs it (decode
 * workers, preprocessing in the graph, `--tta dihedral`): a fine-tuned model always, an image model with
 * `--tta dihedral`. Images that cannot be read are reported and left out; when none can be read it refuses.
 */
import { formatFailure, FeaturesError, type Dataset } from '@kenobi/features';
import type { ModelProto } from '@kenobi/onnx';
import type { CommandIo } from '../command.js';
import type { ImageEvaluation } from '../image-training/image-evaluation-report.js';
import { decodeLimitFlags, failureSummary } from './decode-flags.js';
import { predictDataset, type PredictTta } from './predict-run.js';

/**
 * The scored rows of {@link predictLabelledImages}, as `writeImageEvaluation` takes them.
 *
 * @example
 * ```ts
 * const s: LabelledPredictions = { items: [{ id: 'a', label: 'lens' }], y: Int32Array.of(0), outputs: [0.9, 0.1], k: 2, failures: [] };
 * ```
 */
export type LabelledPredictions = Required<Pick<ImageEvaluation, 'items' | 'y' | 'outputs' | 'k' | 'failures'>>;

/**
 * Runs `model` (an export with its preprocessing in the graph) over the labelled `dataset` on the CPU and
 * scores each readable image: one output per class of `classes` (`k` = their count), `y` its label's index.
 * The images that failed go to stderr (`--item-timeout` and `--worker-memory` limit the decode workers) and
 * into `failures`; `features/unreadable-item` with the first failure's reason when no image could be read.
 *
 * @example
 * ```ts
 * const s = await predictLabelledImages(imageModelOnnx(image, { inGraph: true }), data, image.classes, 'dihedral', values, io);
 * s.items.length; // the images read; s.outputs: Float32Array(items × classes)
 * ```
 */
export async function predictLabelledImages(model: ModelProto, dataset: Dataset, classes: readonly string[], tta: PredictTta,
  values: Readonly<Record<string, unknown>>, io: CommandIo): Promise<LabelledPredictions> {
  const result = await predictDataset(model, dataset, { device: 'cpu', batchSize: 32, tta, ...decodeLimitFlags('evaluate', values) });
  for (const line of failureSummary(result.failures)) io.stderr.write(`kenobi evaluate: ${line.trimStart()}\n`);
  const rows = result.rows;
  if (rows.length === 0) {
    const first = result.failures[0];
    throw new FeaturesError('features/unreadable-item', `no image of ${dataset.source} could be read (none of its ${dataset.items.length} labelled images)${first ? `; the first: ${formatFailure(first)}` : ''}`, {
      hint: 'check the image paths, which are relative to the catalog, and --path-col or --bands', details: { failures: result.failures.length },
    });
  }
  const k = classes.length;
  return {
    items: rows.map((r) => ({ id: r.id, label: r.label! })), y: Int32Array.from(rows, (r) => classes.indexOf(r.label!)),
    outputs: Float32Array.from({ length: rows.length * k }, (_, i) => rows[Math.floor(i / k)]!.values[i % k]!), k,
    failures: result.failures.map((f) => ({ id: f.id, code: f.code })),
  };
}
