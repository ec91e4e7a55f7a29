/**
 * Node-only. The demo without a pretrained backbone: a small CNN trained from scratch on the cutouts by the
 * machinery of `kenobi train --arch` (worker thread, progress, stratified k-fold with out-of-fold scores, the
 * best fold's model kept), exported as one ONNX file with its preprocessing in the graph, and its penultimate
 * features (the input of its last dense layer) extracted for the clustering.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { labelIndices, type Dataset } from '@kenobi/features';
import { extractFeatures, readFeatures, writeFileAtomic } from '@kenobi/features/node';
import { exportImageClassifier, loadImageModel, saveImageModel, type GraphPreprocessing } from '@kenobi/learn';
import { encodeModel, type ModelProto } from '@kenobi/onnx';
import { saveModelFile } from '@kenobi/onnx/node';
import type { CommandIo } from '../command.js';
import { imageModelMetadata } from '../commands/train-images.js';
import { classProbability } from '../image-training/class-scores.js';
import { imageRunConfig } from '../image-training/image-train-args.js';
import { imageStretchOf } from '../image-training/image-model-file.js';
import { driveImageTraining } from '../image-training/train-driver.js';
import { binaryMetrics, type DemoRunOptions, type DemoTraining } from './demo-metrics.js';

/**
 * The from-scratch architectures the demo offers: the seeds' CNN by default (Dominguez-Sánchez+18, what issue
 * #14 asks the demo to train), LeNet-5 on request (`--arch lenet5`: the same AUC in a quarter of the time,
 * docs/benchmarks/lens-cnn.md).
 *
 * @example
 * ```ts
 * DEMO_SCRATCH_ARCHS; // ['seeds-cnn', 'lenet5']
 * ```
 */
export const DEMO_SCRATCH_ARCHS = Object.freeze(['seeds-cnn', 'lenet5'] as const);
/** One of {@link DEMO_SCRATCH_ARCHS}. @example `const a: DemoScratchArch = 'seeds-cnn';` */
export type DemoScratchArch = (typeof DEMO_SCRATCH_ARCHS)[number];

/** Options of {@link trainDemoCnn}. @example `const o: DemoScratchOptions = { arch: 'seeds-cnn', out: 'demo-output', smoke: false, seed: 0, positive: 'lens', say };` */
export interface DemoScratchOptions extends DemoRunOptions {
  readonly arch: DemoScratchArch;
}

/**
 * The settings of each architecture in the demo (full run; the smoke run takes {@link SMOKE}'s epochs and
 * folds). NOTE: measured on the demo's 1,000 cutouts (docs/benchmarks/lens-cnn.md, "The demo without a
 * backbone"): the seeds' CNN at 32×32 with a 2-epoch learning-rate warm-up leaves chance slowly (12 epochs:
 * 0.768) and then climbs: 30 epochs give out-of-fold AUC 0.904 in 536 CPU-seconds (320 s on 2 cores; the
 * epoch count was set on a pilot set of other cutouts, seed 7: val AUC 0.77 / 0.93 / 0.95 after 12 / 30 / 40
 * epochs), 64×64 would cost ~4× that; LeNet-5 at the cutouts' own 64×64 gives 0.908 in 118 CPU-seconds.
 */
const SETTINGS: Readonly<Record<DemoScratchArch, { readonly size: number; readonly epochs: number; readonly warmup: number; readonly kfold: number }>> = Object.freeze({
  lenet5: { size: 64, epochs: 30, warmup: 0, kfold: 5 },
  'seeds-cnn': { size: 32, epochs: 30, warmup: 2, kfold: 5 },
});
// NOTE: the smoke run checks the path, not the AUC: 2 folds of 60 training rows, 10 epochs, seconds of CPU.
const SMOKE = { epochs: 10, kfold: 2 };

/**
 * Trains `arch` from scratch on `dataset` (two classes), writes `lens-cnn.kenobi` and `lens-finder.onnx` into
 * `out`, and returns the out-of-fold metrics and scores, the loss curves and the CNN's features of every row;
 * `{ kind: 'stopped' }` after Ctrl-C (the checkpoint stays, as with `kenobi train`).
 *
 * @example
 * ```ts
 * const r = await trainDemoCnn(dataset, { arch: 'seeds-cnn', out: 'demo-output', smoke: false, seed: 0, positive: 'lens', say }, io);
 * if (r.kind === 'done') r.training.metrics; // { rows: 1000, folds: 5, outOfFold: { auc: 0.91, ... }, ... }
 * ```
 */
export async function trainDemoCnn(dataset: Dataset, options: DemoScratchOptions, io: CommandIo): Promise<{ kind: 'stopped'; checkpoint: string } | { kind: 'done'; training: DemoTraining; describe: string }> {
  const s = SETTINGS[options.arch];
  const epochs = options.smoke ? SMOKE.epochs : s.epochs, kfold = options.smoke ? SMOKE.kfold : s.kfold;
  const modelPath = join(options.out, 'lens-cnn.kenobi');
  const values: Record<string, unknown> = {
    arch: options.arch, out: modelPath, 'input-size': String(s.size), augment: 'dihedral', kfold: String(kfold), epochs: String(epochs),
    warmup: String(s.warmup), final: 'best-fold', seed: String(options.seed), positive: options.positive,
    ...(options.stretch?.stretch ? { stretch: options.stretch.stretch } : {}), ...(options.stretch?.interval ? { interval: options.stretch.interval } : {}),
    ...(options.bandOrder ? { 'band-order': options.bandOrder.join(',') } : {}), ...(options.device ? { device: options.device } : {}),
  };
  const { config, model } = await imageRunConfig(values, options.say, { dataset, labels: labelIndices(dataset) });
  const describe = `${options.arch} from scratch (${model.countParams().toLocaleString('en-US')} params, ${s.size}×${s.size}, dihedral, ${kfold}-fold, ${epochs} epochs${s.warmup ? `, warm-up ${s.warmup}` : ''})`;
  options.say(`demo: training ${describe}`);
  const result = await driveImageTraining(config, io, { quiet: false });
  if (result.kind === 'stopped') return { kind: 'stopped', checkpoint: result.checkpoint };
  const { model: trained } = loadImageModel(result.model);
  const report = result.report;
  writeFileAtomic(modelPath, saveImageModel(trained, imageModelMetadata(config, report, options.arch)));
  rmSync(config.checkpoint, { force: true });

  const cv = report.crossValidation!;
  const y = Int32Array.from(config.labels, (l) => (l === config.positive ? 1 : 0));
  const scores = Float64Array.from(y, (_, r) => classProbability(cv.scores, cv.outputs, r, config.positive));
  const metrics = { ...binaryMetrics(y, scores, cv.perFold), folds: cv.folds, finalModel: `the best fold's (${report.final.stage})`, seconds: report.seconds };
  const losses = report.stages.map((st) => ({ fold: st.stage, loss: st.history.map((h) => h.loss), valLoss: st.history.map((h) => h.valLoss ?? Number.NaN) }));

  const preprocessing = config.preprocessing.config as unknown as GraphPreprocessing & Record<string, unknown>;
  const exportOptions = { classes: config.classes, preprocessing, imageStretch: imageStretchOf(config.preprocessing, config.dataset.bandNames), arch: options.arch };
  const onnx = exportImageClassifier(trained, { ...exportOptions, inGraph: true });
  saveModelFile(join(options.out, 'lens-finder.onnx'), onnx);

  // the embeddings for k-means: the CNN's `features` output on every cutout, through the extraction pipeline
  const bare: ModelProto = exportImageClassifier(trained, { ...exportOptions, inGraph: false });
  const featuresDir = join(options.out, 'features');
  await extractFeatures(dataset, {
    model: { bytes: encodeModel(bare), id: `${options.arch}-demo` }, tensor: 'features', preprocessing: config.preprocessing.config, batchSize: 64,
    ...(config.preprocessing.stretch ? { stretch: config.preprocessing.stretch } : {}), ...(config.preprocessing.interval ? { interval: config.preprocessing.interval } : {}),
    ...(config.preprocessing.bandOrder ? { bandOrder: config.preprocessing.bandOrder } : {}),
    out: featuresDir, overwrite: true, onError: 'skip', workers: 1,
  });
  const table = await readFeatures(featuresDir);
  const rowOf = new Map(dataset.items.map((it, i) => [it.id, i]));
  return {
    kind: 'done', describe,
    training: {
      metrics, scores, y, losses, classes: [config.classes[1 - config.positive]!, config.classes[config.positive]!], onnx,
      embeddings: { x: table.X, dim: table.dim, rows: table.ids.map((id) => rowOf.get(id)!), tensor: 'features' },
    },
  };
}
