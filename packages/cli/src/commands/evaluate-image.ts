/**
 * `kenobi evaluate --head model.kenobi --data <catalog|dir|stack> --out <dir>` for an image model from
 * `kenobi train --arch`: its images prepared as in training (decode workers, the recorded preprocessing),
 * the CNN run on ONNX Runtime, and the same metrics.json, predictions.csv and plots as for heads, plus the
 * positive class's AUC, TPR0 and TPR10.
 */
import { resolve } from 'node:path';
import { hardwareConcurrency } from '@kenobi/core';
import { DatasetImageSource, DecodedInputs, DecodePool, loadDataset, type CatalogColumns } from '@kenobi/features/node';
import { ImageInference, LearnError, type EpochLogs } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { imageModelOnnx, type ImageModelFile } from '../image-training/image-model-file.js';
import { writeImageEvaluation } from '../image-training/image-evaluation-report.js';
import { catalogColumnFlags } from './catalog-column-flags.js';
import { decodeLimitFlags, failureSummary } from './decode-flags.js';
import { predictDataset, ttaFlag } from './predict-run.js';

const list = (v: unknown): string[] | undefined => (typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined);

/**
 * Evaluates `image` on `--data` (labels by class name; a label the model does not know is
 * `learn/shape-mismatch`) and writes the report to `--out`.
 *
 * @example
 * ```ts
 * await evaluateImage(readImageModelFile('lensnet.kenobi')!, { head: 'lensnet.kenobi', data: 'test/catalog.csv', out: 'eval' }, io);
 * ```
 */
export async function evaluateImage(image: ImageModelFile, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const bands = list(values['bands']);
  const columns: CatalogColumns = {
    ...catalogColumnFlags(values), ...(bands ? { bands } : {}), targets: [],
  };
  const all = await loadDataset(values['data'] as string, { columns });
  const items = all.items.filter((it) => it.label !== undefined);
  if (items.length === 0) throw new LearnError('learn/bad-argument', `${all.source} has no labelled images to evaluate on`, { hint: 'name the label column with --label-col (or use kenobi predict for unlabelled images)' });
  const unknown = [...new Set(items.map((it) => it.label!))].filter((l) => !image.classes.includes(l));
  if (unknown.length > 0) {
    throw new LearnError('learn/shape-mismatch', `the labels of ${all.source} do not match the model's classes: ${unknown.map((l) => `'${l}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among ${image.classes.join(', ')}`, {
      hint: 'evaluate on data labelled with the classes the model was trained on (--label-col)', details: { unknown, classes: image.classes },
    });
  }
  const dataset = { ...all, items };
  const { model } = image;
  const history = (image.metadata['training'] as { history?: EpochLogs[] } | undefined)?.history;
  const about = { model: resolve(values['head'] as string), arch: image.arch };
  const tta = ttaFlag(values, 'evaluate');
  if (tta === 'dihedral') {
    // NOTE: test-time augmentation runs the model as kenobi predict does: its export (preprocessing in the
    // graph, equal to this path ≤ 1e-4), 8 rotations and flips per image, the probabilities averaged
    const onnx = imageModelOnnx(image, { inGraph: true });
    const result = await predictDataset(onnx, dataset, { device: 'cpu', batchSize: 32, tta, ...decodeLimitFlags('evaluate', values) });
    for (const line of failureSummary(result.failures)) io.stderr.write(`kenobi evaluate: ${line.trimStart()}\n`);
    const width = image.classes.length, rows = result.rows;
    return writeImageEvaluation({
      items: rows.map((r) => ({ id: r.id, label: r.label! })), y: Int32Array.from(rows, (r) => image.classes.indexOf(r.label!)), classes: image.classes,
      outputs: Float32Array.from({ length: rows.length * width }, (_, i) => rows[Math.floor(i / width)]!.values[i % width]!), k: width, positive: image.positive,
      ...(history ? { history } : {}), model: { ...about, tta }, source: all.source, failures: result.failures.map((f) => ({ id: f.id, code: f.code })),
    }, values, io);
  }
  const y = Int32Array.from(items, (it) => image.classes.indexOf(it.label!));
  const pool = new DecodePool(Math.max(1, Math.min(2, hardwareConcurrency() - 1)), decodeLimitFlags('evaluate', values));
  const inference = new ImageInference(model, 'cpu', 32);
  let p: Float32Array;
  try {
    const inputs = new DecodedInputs(dataset, { preprocessing: image.preprocessing, pool });
    p = (await inference.run(new DatasetImageSource(inputs, Int32Array.from(items, (_, i) => i)))).output;
  } finally {
    await inference.dispose();
    await pool.dispose();
  }
  return writeImageEvaluation({
    items, y, classes: image.classes, outputs: p, k: model.outputs, positive: image.positive, ...(history ? { history } : {}),
    model: about, source: all.source,
  }, values, io);
}
