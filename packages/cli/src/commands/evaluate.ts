/**
 * `kenobi evaluate`: a trained `.kenobi` head on a feature store → metrics.json, predictions.csv and plots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { csvText } from '@kenobi/features';
import { readFeatures } from '@kenobi/features/node';
import {
  autoEngine, classificationReport, confusionPlotSpec, historyPlotSpec, LearnError, loadModel, probabilities, regressionPlotSpec, regressionReport, rocPlotSpec,
  type EpochLogs, type Matrix,
} from '@kenobi/learn';
import type { Command } from '../command.js';
import { headData } from '../heads/head-data.js';
import { predictedClasses, predictOutputs } from '../heads/train-on-data.js';
import { writePlot } from '../plots/render-plot.js';
import { UsageError } from '../usage-error.js';
import { headHints } from './head-hints.js';
import { CATALOG_COLUMN_OPTIONS } from './catalog-column-flags.js';
import { readImageModelFile } from '../image-training/image-model-file.js';
import { readModelFileBytes } from '../model-file-bytes.js';
import { readFinetunedFile } from '../finetune/finetuned-model-file.js';
import { evaluateFinetuned } from './evaluate-finetuned.js';
import { evaluateImage } from './evaluate-image.js';
import { inSampleWarning } from './in-sample-warning.js';

interface HeadMeta {
  readonly classes?: readonly string[];
  readonly labels?: string;
  readonly features?: { readonly dim?: number; readonly tensor?: string; readonly pool?: string; readonly fingerprint?: string; readonly model?: { readonly id?: string; readonly sha256?: string } };
  readonly training?: { readonly history?: readonly EpochLogs[] };
}

/**
 * MC-dropout through the engine: `samples` passes with dropout active and batch norm in inference mode;
 * mean and std of the probabilities (sigmoid for one output, softmax otherwise; raw outputs for regression).
 */
async function mcPasses(model: Parameters<typeof predictOutputs>[0], x: Matrix, samples: number, seed: number, regression: boolean): Promise<{ mean: Matrix; std: Matrix }> {
  if (!model.layers.some((l) => l.type === 'dropout')) throw new LearnError('learn/bad-argument', '--mc-samples needs a head with dropout', { hint: 'train with --head mlp --dropout 0.5' });
  const engine = autoEngine();
  const rng = new SeededRandom(seed);
  const n = x.rows * model.outputs;
  const sum = new Float64Array(n), sq = new Float64Array(n);
  try {
    for (let s = 0; s < samples; s++) {
      const out = await engine.predict(model, x, { context: { training: false, dropout: true, rng } });
      const p = regression ? out : probabilities(out);
      for (let i = 0; i < n; i++) { sum[i]! += p.data[i]!; sq[i]! += p.data[i]! * p.data[i]!; }
    }
  } finally {
    engine.dispose();
  }
  const mean = Float32Array.from(sum, (v) => v / samples);
  const std = Float32Array.from(sq, (v, i) => Math.sqrt(Math.max(0, v / samples - mean[i]! ** 2)));
  return { mean: { rows: x.rows, cols: model.outputs, data: mean }, std: { rows: x.rows, cols: model.outputs, data: std } };
}

/**
 * The `evaluate` command.
 *
 * @example
 * ```sh
 * kenobi evaluate --features gz1-test --head morph.kenobi --mc-samples 30 --out eval/
 * ```
 */
export const evaluateCommand: Command = {
  words: ['evaluate'],
  summary: 'Evaluate a .kenobi head on a feature store: metrics.json, predictions.csv, ROC/confusion/curve plots (SVG + PNG)',
  usage: 'kenobi evaluate --features <dir> --head head.kenobi [--labels class|<target>] [--mc-samples 30] [--seed 0] [--no-plots] --out <dir> [--json]\n'
    + '       kenobi evaluate --head image-model.kenobi --data <catalog.csv|dir|stack> [--bands g,r,i] [--label-col label] [--tta none|dihedral] [--no-plots] --out <dir> [--json]\n'
    + '       kenobi evaluate --head finetuned.kenobi [--backbone <id|file>] --data <catalog.csv|dir> [--label-col label] [--tta none|dihedral] [--no-plots] --out <dir> [--json]',
  details: `
Runs the head on every labelled row of the store and writes to --out:
  metrics.json      classification: accuracy, majority baseline, macro/weighted precision/recall/F1,
                    confusion matrix (rows true, columns predicted), ROC AUC (binary or one-vs-rest macro);
                    two classes also AP, TPR0, TPR10 and the ROC points. Regression: MSE, MAE, R², photo-z
                    bias, sigma_NMAD and outlier fraction (|dz|/(1+z) > 0.15)
  predictions.csv   id, true value, outputs (and MC std)
  roc, confusion, curves (training history stored in the head), regression: .svg and .png
The features must have the width the head was trained on (else learn/shape-mismatch); a different backbone,
tensor or pooling than at training is reported as a warning.

  --mc-samples N    MC-dropout: N passes with dropout on, batch norm in inference mode; scores are the mean
                    probabilities and predictions.csv gets their std

An image model (kenobi train --arch) is evaluated on images: --data with the catalog flags of kenobi train
(--bands, --id-col, --path-col, --label-col, --where split=test; --labels-file for an .npy stack or a FITS
cube); its recorded preprocessing prepares them; metrics.json adds
'positive' (AUC, TPR0, TPR10 of the class the model was trained to find). A label the model does not know
is learn/shape-mismatch.

A fine-tuned model (kenobi finetune) is evaluated on images the same way, run as its export on its backbone
(the zoo id the file records, or --backbone <id|file.onnx>, whose sha256 must match); unreadable images are
listed and left out.

For both, --tta dihedral averages the model's probabilities over each image's 8 rotations and flips
(test-time augmentation, as kenobi predict --tta dihedral; 8× the inference).

Example: kenobi evaluate --features gz1-test --head morph.kenobi --out eval/`,
  options: {
    features: { type: 'string' }, head: { type: 'string' }, labels: { type: 'string' }, 'mc-samples': { type: 'string' },
    seed: { type: 'string' }, 'no-plots': { type: 'boolean' }, out: { type: 'string' }, json: { type: 'boolean' },
    data: { type: 'string' }, bands: { type: 'string' }, ...CATALOG_COLUMN_OPTIONS, 'labels-file': { type: 'string' },
    'item-timeout': { type: 'string' }, 'worker-memory': { type: 'string' }, backbone: { type: 'string' }, tta: { type: 'string' },
  },
  async run({ values }, io) {
    // NOTE: the model file is read once and told apart by its header: image model, fine-tuned model or head.
    const bytes = typeof values.head === 'string' ? readModelFileBytes(values.head) : undefined;
    const image = bytes ? readImageModelFile(values.head as string, bytes) : undefined;
    if (image) {
      for (const name of ['data', 'out'] as const) {
        if (typeof values[name] !== 'string') throw new UsageError(`kenobi evaluate: an image model needs --${name}. Usage: ${evaluateCommand.usage}`);
      }
      return evaluateImage(image, values, io);
    }
    const tuned = bytes ? readFinetunedFile(values.head as string, bytes) : undefined;
    if (tuned) {
      for (const name of ['data', 'out'] as const) {
        if (typeof values[name] !== 'string') throw new UsageError(`kenobi evaluate: a fine-tuned model needs --${name}. Usage: ${evaluateCommand.usage}`);
      }
      return evaluateFinetuned(tuned, values, io);
    }
    if (values.backbone !== undefined) throw new UsageError('kenobi evaluate: --backbone goes with a fine-tuned model (.kenobi from kenobi finetune)');
    if (values.tta !== undefined) throw new UsageError('kenobi evaluate: --tta goes with a model that runs on images (kenobi train --arch, kenobi finetune); a head on a feature store is evaluated on the features as extracted (kenobi extract --tta averaged makes TTA features)');
    if (bytes !== undefined && typeof values.features !== 'string' && typeof values.data === 'string') {
      // a head on features given images: say how to make the features it needs
      const hints = headHints(loadModel(bytes, { source: resolve(values.head as string) }).metadata);
      const extract = `kenobi extract --model ${hints.model ?? '<its backbone>'}${hints.tensor ? ` --layer ${hints.tensor}` : ''}${hints.pool ? ` --pool ${hints.pool}` : ''} --data ${values.data} --out <dir>`;
      throw new UsageError(`kenobi evaluate: ${values.head} is a head trained on features, so it is evaluated on a feature store: ${extract}, then kenobi evaluate --features <dir> --head ${values.head} --out ${typeof values.out === 'string' ? values.out : '<dir>'}`);
    }
    for (const name of ['features', 'head', 'out'] as const) {
      if (typeof values[name] !== 'string') throw new UsageError(`kenobi evaluate: --${name} is required. Usage: ${evaluateCommand.usage}`);
    }
    const samples = values['mc-samples'] === undefined ? 0 : Number(values['mc-samples']);
    if (!(Number.isInteger(samples) && samples >= 0)) throw new UsageError(`kenobi evaluate: --mc-samples must be a non-negative integer, got '${String(values['mc-samples'])}'`);
    const seed = values.seed === undefined ? 0 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`kenobi evaluate: --seed must be an integer, got '${String(values.seed)}'`);
    const { model, metadata } = loadModel(bytes!, { source: resolve(values.head as string) });
    const meta = metadata as HeadMeta;
    const table = await readFeatures(values.features as string);
    if (table.dim !== model.inputs) {
      throw new LearnError('learn/shape-mismatch', `the head ${values.head} takes ${model.inputs}-d features${meta.features?.tensor ? ` (${meta.features.model?.id ?? 'model'} at '${meta.features.tensor}', pool ${meta.features.pool})` : ''}, but ${values.features} holds ${table.dim}-d features (${table.meta.model.id} at '${table.meta.tensor}', pool ${table.meta.pool})`, {
        hint: 'extract the evaluation features with the same model, --layer and --pool as the training features',
      });
    }
    const warnings: string[] = [];
    if (meta.features?.model?.sha256 && meta.features.model.sha256 !== table.meta.model.sha256) warnings.push(`the head was trained on features of ${meta.features.model.id} (sha256 ${meta.features.model.sha256.slice(0, 12)}…), these come from ${table.meta.model.id} (${table.meta.model.sha256.slice(0, 12)}…)`);
    if (meta.features?.tensor && meta.features.tensor !== table.meta.tensor) warnings.push(`tensor differs: trained on '${meta.features.tensor}', evaluating '${table.meta.tensor}'`);
    const inSample = inSampleWarning(meta.features?.fingerprint, table.meta.dataset.fingerprint);
    if (inSample) warnings.push(inSample);
    if (!values.json) for (const w of warnings) io.stderr.write(`warning: ${w}\n`);

    const data = headData(table, typeof values.labels === 'string' ? values.labels : meta.labels);
    const out = resolve(values.out as string);
    mkdirSync(out, { recursive: true });
    const regression = data.task === 'regression';
    const logits = await predictOutputs(model, data.x);
    const mc = samples > 0 ? await mcPasses(model, data.x, samples, seed, regression) : undefined;
    const files: string[] = [];
    let report: object;
    if (!regression) {
      if (data.outputs !== (model.outputs === 1 ? 2 : model.outputs)) throw new LearnError('learn/shape-mismatch', `the head predicts ${model.outputs === 1 ? 2 : model.outputs} classes, the store has ${data.outputs} (${data.names.join(', ')})`);
      const scores = mc ? mc.mean : logits;
      const predicted = mc ? predictedClasses({ ...mc.mean, data: Float32Array.from(mc.mean.data, (p) => (model.outputs === 1 ? p - 0.5 : p)) }) : predictedClasses(logits);
      const r = classificationReport(data.y as Int32Array, scores, predicted, meta.classes ?? data.names);
      report = r;
      if (!values['no-plots']) {
        if (r.binary && r.binary.roc.fpr.length > 0) files.push(...(await writePlot(rocPlotSpec(r.binary, mc ? `ROC (MC-dropout, ${samples} passes)` : 'ROC'), join(out, 'roc'))));
        files.push(...(await writePlot(confusionPlotSpec(r.confusionMatrix, r.classes), join(out, 'confusion'))));
      }
    } else {
      const pred = mc ? mc.mean : logits;
      const r = regressionReport(data.y as Matrix, pred, data.names);
      report = r;
      if (!values['no-plots']) {
        for (const [j, t] of r.targets.entries()) {
          const col = (m: Matrix): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
          files.push(...(await writePlot(regressionPlotSpec(col(data.y as Matrix), col(pred), t), join(out, `regression-${t.name}`))));
        }
      }
    }
    const history = meta.training?.history;
    if (!values['no-plots'] && history && history.length > 0) files.push(...(await writePlot(historyPlotSpec(history), join(out, 'curves'))));

    const header = ['id', ...(regression ? data.names.map((n) => `true_${n}`) : ['label']), ...Array.from({ length: model.outputs }, (_, j) => `output_${j}`), ...(mc ? Array.from({ length: model.outputs }, (_, j) => `mc_mean_${j}`).concat(Array.from({ length: model.outputs }, (_, j) => `mc_std_${j}`)) : [])];
    const rows: string[][] = [];
    for (let i = 0; i < data.x.rows; i++) {
      const y = data.y;
      const truth = y instanceof Int32Array ? [String(y[i])] : Array.from({ length: y.cols }, (_, j) => String(y.data[i * y.cols + j]));
      const o = Array.from({ length: model.outputs }, (_, j) => String(logits.data[i * model.outputs + j]));
      const m = mc ? [...Array.from({ length: model.outputs }, (_, j) => String(mc.mean.data[i * model.outputs + j])), ...Array.from({ length: model.outputs }, (_, j) => String(mc.std.data[i * model.outputs + j]))] : [];
      rows.push([data.ids[i]!, ...truth, ...o, ...m]);
    }
    // NOTE: Kenobi's one CSV writer: ids are quoted as CSV, not JSON (a `"` or `\` used to come out wrong).
    writeFileSync(join(out, 'predictions.csv'), csvText(header, rows));
    const metrics = { head: resolve(values.head as string), features: resolve(values.features as string), ...report, ...(mc ? { mcDropout: { samples, seed } } : {}), warnings };
    writeFileSync(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    files.unshift(join(out, 'metrics.json'), join(out, 'predictions.csv'));
    if (values.json) io.stdout.write(`${JSON.stringify({ ...metrics, files }, null, 2)}\n`);
    else io.stdout.write(`${summaryLine(report)}\nwrote ${files.join(', ')}\n`);
    return 0;
  },
};

function summaryLine(report: object): string {
  const r = report as { task: string; rows: number; accuracy?: number; rocAuc?: number | null; majorityBaseline?: number; binary?: { tpr0: number; tpr10: number }; targets?: { name: string; mse: number; r2: number; sigmaNmad: number }[] };
  if (r.task === 'classification') {
    return `${r.rows} rows: accuracy ${r.accuracy!.toFixed(4)} (majority ${r.majorityBaseline!.toFixed(4)}), AUC ${r.rocAuc == null ? 'n/a' : r.rocAuc.toFixed(4)}${r.binary ? `, TPR0 ${r.binary.tpr0.toFixed(3)}, TPR10 ${r.binary.tpr10.toFixed(3)}` : ''}`;
  }
  return r.targets!.map((t) => `${t.name}: MSE ${t.mse.toPrecision(4)}, R² ${t.r2.toFixed(4)}, σ_NMAD ${t.sigmaNmad.toFixed(4)}`).join('\n');
}
