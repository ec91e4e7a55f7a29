/**
 * Node-only. The demo with a pretrained backbone: the last k blocks fine-tuned with an MLP head by the
 * machinery of `kenobi finetune` (the frozen trunk run once per cutout into a memory cache, stratified k-fold
 * with out-of-fold scores, then the final model), exported as one ONNX file, and the fine-tuned model's
 * features (the head's input, the `features` output of that file) computed from the cache for the clustering.
 */
import { join } from 'node:path';
import type { ProgressCallback } from '@kenobi/core';
import { labelIndices, subsetDataset, type Dataset } from '@kenobi/features';
import { exportFinetuned, finetunedModel, splitBackbone, type Finetuner, type TrunkSource } from '@kenobi/learn';
import { saveModelFile } from '@kenobi/onnx/node';
import { predictDataset } from '../commands/predict-run.js';
import { finetuneConfig, type FinetuneRunConfig } from '../finetune/finetune-config.js';
import { finetunedExportOptions } from '../finetune/finetuned-export-options.js';
import { runFinetune } from '../finetune/finetune-run.js';
import { interruptSignal } from '../finetune/interrupt-signal.js';
import { openTrunk, trunkPlan, isIdentityTrunk } from '../finetune/trunk-setup.js';
import { classProbability } from '../image-training/class-scores.js';
import { binaryMetrics, type DemoRunOptions, type DemoTraining } from './demo-metrics.js';

/**
 * The blocks the demo unfreezes by default: of k = 1 and 2 (k ≥ 1: the demo fine-tunes, issue #14 §3), the k
 * with the best AUC per second of the whole run (trunk cache, 5 folds, final model) on the demo's 1,000
 * simulated cutouts with DenseNet-121: 1 (the table in docs/benchmarks/finetune.md, "The demo"; k = 0, a head
 * on frozen features, gives 0.769 for 73 CPU-seconds). NOTE: on DenseNet-121, block 1 is the final `bn` (a
 * per-channel affine map) and block 2 the last dense layer, which makes only 32 of the 1,024 features the head
 * reads, so one or two blocks cannot move much; `--unfreeze k` takes more.
 *
 * @example
 * ```ts
 * DEMO_UNFREEZE; // 1
 * ```
 */
export const DEMO_UNFREEZE = 1;

/** Why {@link DEMO_UNFREEZE}, in the words the demo prints. @example `DEMO_UNFREEZE_WHY; // 'of k = 1, 2 measured ...'` */
export const DEMO_UNFREEZE_WHY = 'of k = 1, 2 measured on the demo\'s cutouts (5-fold AUC 0.770 / 0.775 for 85 / 120 CPU-seconds; a frozen head, k = 0: 0.769 for 73), k = 1 gives the best AUC per second (docs/benchmarks/finetune.md, "The demo")';

/** Options of {@link finetuneDemo}. @example `const o: DemoFinetuneOptions = { model: 'densenet121-keras', unfreeze: 1, out: 'demo-output', smoke: false, seed: 0, positive: 'lens', say, bar };` */
export interface DemoFinetuneOptions extends DemoRunOptions {
  /** Zoo id or file of the backbone. */
  readonly model: string;
  readonly unfreeze: number;
  readonly bar: ProgressCallback & { finish(): void };
}

/**
 * Fine-tunes, cross-validates and exports (`lens-finder.onnx` in `out`); `{ kind: 'stopped' }` after Ctrl-C.
 * `exportMaxAbsDiff` compares the exported file (deterministic form) with the trainer's own forward on 8 cutouts.
 *
 * @example
 * ```ts
 * const r = await finetuneDemo(dataset, { model: 'densenet121-keras', unfreeze: 1, out: 'demo-output', smoke: false, seed: 0, positive: 'lens', say, bar });
 * if (r.kind === 'done') r.training.metrics; // { rows: 1000, outOfFold: { auc: 0.8, ... }, ... }
 * ```
 */
export async function finetuneDemo(dataset: Dataset, options: DemoFinetuneOptions): Promise<{ kind: 'stopped'; checkpoint: string } | { kind: 'done'; training: DemoTraining; describe: string; exportMaxAbsDiff: number; backboneId: string }> {
  const { say, bar } = options;
  const values: Record<string, unknown> = {
    model: options.model, out: join(options.out, 'lens-finder.kenobi'), unfreeze: String(options.unfreeze),
    head: 'mlp', hidden: '256', dropout: '0.3', 'class-weight': 'balanced', lr: '1e-3', schedule: 'cosine',
    epochs: options.smoke ? '2' : '10', kfold: options.smoke ? '2' : '5', seed: String(options.seed), positive: options.positive,
    ...(options.stretch?.stretch ? { stretch: options.stretch.stretch } : {}), ...(options.stretch?.interval ? { interval: options.stretch.interval } : {}),
    ...(options.bandOrder ? { 'band-order': options.bandOrder.join(',') } : {}), ...(options.device ? { device: options.device } : {}),
  };
  const config = await finetuneConfig(values, say, { dataset, labels: labelIndices(dataset) });
  const split = splitBackbone(config.backbone, config.options);
  say(`demo: ${config.backboneId} ${config.boundary}; '${split.feature}' (${split.width} features) → MLP head (256, dropout 0.3)`);
  say(`demo: ${trunkPlan(config, split.cutDims, isIdentityTrunk(split)).line}`);
  const trunk = await openTrunk(config, split, bar);
  bar.finish();
  const interrupt = interruptSignal();
  try {
    const o = config.options;
    say(`demo: AdamW lr ${o.optimizer?.lr} (layer-wise decay ${o.lrDecay}), cosine, batch ${o.batchSize}, ${o.epochs} epochs, balanced class weights, ${config.kfold}-fold, then the final model on every row but a 10% validation share`);
    const r = await runFinetune(config, trunk.source, split.width, { say, bar, signal: interrupt.signal });
    if (r.kind === 'stopped') return { kind: 'stopped', checkpoint: r.checkpoint };
    const ft = r.trainer;
    try {
      const y = Int32Array.from(config.labels, (l) => (l === config.positive ? 1 : 0));
      const scores = Float64Array.from(y, (_, row) => classProbability(r.outOfFold!, 1, row, config.positive));
      const metrics = { ...binaryMetrics(y, scores, r.folds), folds: config.kfold, unfreeze: options.unfreeze, finalModel: 'trained on every row but a 10% validation share', seconds: r.seconds };
      const losses = r.histories.map((h) => ({ fold: h.stage, loss: h.history.map((e) => e.loss), valLoss: h.history.map((e) => e.valLoss ?? Number.NaN) }));
      const exportOptions = finetunedExportOptions({ ...config, bandNames: config.dataset.bandNames }, { inGraph: true });
      const model = finetunedModel(ft);
      const onnx = exportFinetuned(model, { ...exportOptions, mcDropout: true });
      saveModelFile(join(options.out, 'lens-finder.onnx'), onnx);
      const exportMaxAbsDiff = await exportCheck(ft, trunk.source, exportFinetuned(model, exportOptions), dataset);
      const rows = dataset.items.map((_, i) => i);
      const embeddings = { x: await ft.inference.features(trunk.source, rows), dim: split.width, rows, tensor: split.feature };
      const classes = [config.classes[1 - config.positive]!, config.classes[config.positive]!] as const;
      const blocks = /of \d+ \w+ blocks \([^)]*\)/.exec(config.boundary)?.[0];
      const describe = options.unfreeze === 0 ? `${config.backboneId} frozen, MLP head on '${split.feature}', ${config.kfold}-fold`
        : `${config.backboneId} with its last ${options.unfreeze}${blocks ? ` ${blocks}` : ' blocks'} fine-tuned + MLP head, ${config.kfold}-fold`;
      return { kind: 'done', describe, exportMaxAbsDiff, backboneId: config.backboneId, training: { metrics, scores, y, losses, classes, onnx, embeddings } };
    } finally {
      await ft.dispose();
    }
  } finally {
    interrupt.release();
    await trunk.dispose();
  }
}

/** Max |Δp| between the exported file (through `kenobi predict`'s path) and the trainer's forward on the first 8 rows. */
async function exportCheck(ft: Finetuner, source: TrunkSource, deterministic: Parameters<typeof predictDataset>[0], dataset: Dataset): Promise<number> {
  const n = Math.min(8, dataset.items.length);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const viaOnnx = await predictDataset(deterministic, subsetDataset(dataset, Array.from(rows)), { device: 'cpu' });
  const logits = await ft.inference.logits(source, rows);
  // NOTE: the demo is binary, so the head has one sigmoid output (runFinetune's binary heads)
  return Math.max(...viaOnnx.rows.map((row, i) => Math.abs(row.values[1]! - 1 / (1 + Math.exp(-logits[i]!)))));
}

