/**
 * `kenobi evaluate --head model.kenobi --data <catalog|dir|stack> --out <dir>` for an image model from
 * `kenobi train --arch`: its images prepared as in training (decode workers, the recorded preprocessing),
 * the CNN run on ONNX Runtime, and the same metrics.json, predictions.csv and plots as for heads, plus the
 * positive class's AUC, TPR0 and TPR10.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hardwareConcurrency } from '@kenobi/core';
import { DatasetImageSource, DecodedInputs, DecodePool, loadDataset, type CatalogColumns } from '@kenobi/features/node';
import { classificationReport, confusionPlotSpec, historyPlotSpec, ImageInference, LearnError, matrix, rocPlotSpec, type EpochLogs } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { classMetrics, classProbability } from '../image-training/class-scores.js';
import type { ImageModelFile } from '../image-training/image-model-file.js';
import { writePlot } from '../plots/render-plot.js';
import { decodeLimitFlags } from './decode-flags.js';

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
    ...(typeof values['id-col'] === 'string' ? { id: values['id-col'] } : {}), ...(typeof values['path-col'] === 'string' ? { path: values['path-col'] } : {}),
    ...(typeof values['label-col'] === 'string' ? { label: values['label-col'] } : {}), ...(bands ? { bands } : {}), targets: [],
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
  const y = Int32Array.from(items, (it) => image.classes.indexOf(it.label!));
  const { model } = image;
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
  const k = model.outputs, classes = image.classes, width = Math.max(2, k);
  const scores = matrix(items.length, width, Float32Array.from({ length: items.length * width }, (_, i) => classProbability(p, k, Math.floor(i / width), i % width)));
  const predicted = Int32Array.from(items, (_, r) => {
    let best = 0;
    for (let c = 1; c < width; c++) if (scores.data[r * width + c]! > scores.data[r * width + best]!) best = c;
    return best;
  });
  const report = classificationReport(y, scores, predicted, classes);
  const positive: (Record<string, number> & { class?: string }) | undefined = width === 2 ? { ...classMetrics(p, k, y, image.positive), class: classes[image.positive]! } as Record<string, number> & { class?: string } : undefined;
  const out = resolve(values['out'] as string);
  mkdirSync(out, { recursive: true });
  const files = [join(out, 'metrics.json'), join(out, 'predictions.csv')];
  if (!values['no-plots']) {
    if (report.binary && report.binary.roc.fpr.length > 0) files.push(...(await writePlot(rocPlotSpec(report.binary, 'ROC'), join(out, 'roc'))));
    files.push(...(await writePlot(confusionPlotSpec(report.confusionMatrix, report.classes), join(out, 'confusion'))));
    const history = (image.metadata['training'] as { history?: EpochLogs[] } | undefined)?.history;
    if (history && history.length > 0) files.push(...(await writePlot(historyPlotSpec(history), join(out, 'curves'))));
  }
  const csv = [['id', 'label', ...classes.map((c) => `p_${c}`)].join(','), ...items.map((it, r) => [JSON.stringify(it.id), JSON.stringify(it.label), ...classes.map((_, c) => String(scores.data[r * width + c]))].join(','))];
  writeFileSync(join(out, 'predictions.csv'), `${csv.join('\n')}\n`);
  const metrics = { model: resolve(values['head'] as string), arch: image.arch, data: all.source, ...report, ...(positive ? { positive } : {}), warnings: [] };
  writeFileSync(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  if (values['json']) io.stdout.write(`${JSON.stringify({ ...metrics, files }, null, 2)}\n`);
  else {
    io.stdout.write(`${items.length} images: accuracy ${report.accuracy.toFixed(4)} (majority ${report.majorityBaseline.toFixed(4)})${positive?.['auc'] !== undefined ? `, AUC ${positive['auc'].toFixed(4)}, TPR0 ${positive['tpr0']!.toFixed(3)}, TPR10 ${positive['tpr10']!.toFixed(3)} ('${positive.class}' positive)` : ''}\n`);
    io.stdout.write(`wrote ${files.join(', ')}\n`);
  }
  return 0;
}
