/**
 * The epoch loop of a fine-tuning run: seeded shuffles, steps, progress (epoch, loss, the validation metric,
 * images/s), evaluation after each epoch, early stopping with the best weights restored, checkpoints at epoch
 * ends and on abort. Events and checkpoints are plain data or bytes.
 */
import { matrix } from '../backend/matrix.js';
import type { TrainingPosition } from '../cnn/checkpoint-format.js';
import { countCorrect } from '../cnn/image-inference.js';
import { stepRandom } from '../cnn/step-random.js';
import { probabilities } from '../heads/predict-proba.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { rocAuc } from '../metrics/roc-auc.js';
import type { EpochLogs } from '../train/training-callback.js';
import type { FinetuneData } from './finetune-data.js';
import { FinetuneError } from './finetune-error.js';
import type { Finetuner } from './finetuner.js';

/**
 * A progress event: after each step (running means of the epoch so far) and after each epoch.
 *
 * @example
 * ```ts
 * onProgress: (e) => { if (e.kind === 'epoch') console.log(e.logs.epoch, e.logs.valLoss, e.logs.metrics['val_auc']); }
 * ```
 */
export type FinetuneEvent =
  | { readonly kind: 'batch'; readonly epoch: number; readonly epochs: number; readonly batch: number; readonly batches: number; readonly loss: number; readonly accuracy?: number; readonly imagesPerSecond: number }
  | { readonly kind: 'epoch'; readonly logs: EpochLogs; readonly epochs: number; readonly imagesPerSecond: number; readonly best: boolean };

/** Evaluation of a fine-tuned model on rows (inference mode). @example `const e: FinetuneEvaluation = { loss: 0.31, accuracy: 0.88, auc: 0.95 };` */
export interface FinetuneEvaluation {
  readonly loss: number;
  readonly accuracy?: number;
  /** Binary class labels only: ROC AUC of the positive class (label 1). */
  readonly auc?: number;
  /** Probabilities (classification) or outputs (regression), [rows × outputs]. */
  readonly outputs: Float32Array;
}

/**
 * Options of {@link fitFinetune}.
 *
 * @example
 * ```ts
 * await fitFinetune(ft, train, { validation: val, patience: 3, onCheckpoint: (b) => writeCheckpointFile('run.ckpt', b) });
 * ```
 */
export interface FinetuneFitOptions {
  /** Evaluated after every epoch: `valLoss`, `val_accuracy`, `val_auc` (binary). */
  readonly validation?: FinetuneData;
  /** Stop after this many epochs without a lower validation loss, and restore the best weights. */
  readonly patience?: number;
  readonly onProgress?: (event: FinetuneEvent) => void | Promise<void>;
  /** Abort to stop after the current step (Ctrl-C); a checkpoint is offered through `onCheckpoint`. */
  readonly signal?: AbortSignal;
  /** Receives checkpoint bytes after each epoch and on abort. */
  readonly onCheckpoint?: (bytes: Uint8Array, position: TrainingPosition) => void | Promise<void>;
}

/** What {@link fitFinetune} returns. @example `const r: FinetuneFitResult = { stopped: 'done', history: [], bestEpoch: 4 };` */
export interface FinetuneFitResult {
  readonly stopped: 'done' | 'aborted' | 'early';
  readonly history: readonly EpochLogs[];
  /** The epoch whose weights the trainer holds at the end (the best with `patience`, else the last). */
  readonly bestEpoch: number;
}

/**
 * Evaluates `data` with the trainer's current weights: the images as they are, or with `tta: 'dihedral'` the
 * mean of the probabilities of the 8 dihedral variants (test-time augmentation; the loss is then the
 * cross-entropy of those mean probabilities).
 *
 * @example
 * ```ts
 * const { auc, accuracy } = await evaluateFinetune(ft, test);
 * const tta = await evaluateFinetune(ft, test, { tta: 'dihedral' });
 * ```
 */
export async function evaluateFinetune(ft: Finetuner, data: FinetuneData, options: { readonly tta?: 'none' | 'dihedral' } = {}): Promise<FinetuneEvaluation> {
  const k = ft.head.outputs, n = data.items.length, lossName = ft.options.loss;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const binary = data.labels instanceof Int32Array && k === 1 && new Set(data.labels).size === 2;
  if ((options.tta ?? 'none') === 'dihedral') {
    if (lossName === 'meanSquaredError') throw new FinetuneError('learn/finetune-option', 'test-time augmentation averages class probabilities: classification only');
    const mean = new Float32Array(n * k);
    for (let v = 0; v < 8; v++) {
      const p = probabilities(matrix(n, k, await ft.inference.logits(data.source, data.items, v))).data;
      for (let i = 0; i < mean.length; i++) mean[i]! += p[i]! / 8;
    }
    const y = data.labels as Int32Array;
    const clip = (p: number): number => Math.min(1 - 1e-7, Math.max(1e-7, p));
    let loss = 0, correct = 0;
    for (let r = 0; r < n; r++) {
      const pTrue = k === 1 ? (y[r] === 1 ? mean[r]! : 1 - mean[r]!) : mean[r * k + y[r]!]!;
      loss -= Math.log(clip(pTrue));
      let best = 0;
      if (k === 1) best = mean[r]! > 0.5 ? 1 : 0;
      else for (let j = 1; j < k; j++) if (mean[r * k + j]! > mean[r * k + best]!) best = j;
      if (best === y[r]) correct++;
    }
    return { loss: loss / n, outputs: mean, accuracy: correct / n, ...(binary ? { auc: rocAuc(y, mean) } : {}) };
  }
  const logits = await ft.inference.logits(data.source, data.items);
  const z = matrix(n, k, logits);
  const loss = lossName === 'binaryCrossEntropy' ? binaryCrossEntropy() : lossName === 'categoricalCrossEntropy' ? categoricalCrossEntropy({ labelSmoothing: ft.options.labelSmoothing }) : meanSquaredError();
  const value = loss.compute(z, data.labels, undefined, data.weights);
  const outputs = lossName === 'meanSquaredError' ? logits : Float32Array.from(probabilities(z).data);
  const correct = countCorrect(logits, data.labels, all, k);
  return { loss: value, outputs, ...(correct === undefined ? {} : { accuracy: correct / n }), ...(binary ? { auc: rocAuc(data.labels as Int32Array, outputs) } : {}) };
}

/**
 * Trains `ft` on `data` until its `epochs` are done (continuing from its position).
 *
 * @example
 * ```ts
 * const { history } = await fitFinetune(ft, train, { validation: test, onProgress: console.log });
 * ```
 */
export async function fitFinetune(ft: Finetuner, data: FinetuneData, options: FinetuneFitOptions = {}): Promise<FinetuneFitResult> {
  const { batchSize, seed, shuffle, epochs } = ft.options;
  const n = data.items.length;
  if (n === 0) throw new FinetuneError('learn/finetune-option', 'no rows to train on');
  if (options.patience !== undefined && (!options.validation || !(Number.isInteger(options.patience) && options.patience > 0))) {
    throw new FinetuneError('learn/finetune-option', 'patience needs a validation set and a positive integer');
  }
  const batches = Math.ceil(n / batchSize);
  const offer = async (): Promise<void> => {
    if (options.onCheckpoint) await options.onCheckpoint(ft.checkpoint(), ft.position);
  };
  let best = { loss: Infinity, epoch: ft.history.length - 1, weights: undefined as Float32Array[] | undefined };
  for (const h of ft.history) if (h.valLoss !== undefined && h.valLoss < best.loss) best = { loss: h.valLoss, epoch: h.epoch, weights: undefined };
  while (ft.position.epoch < epochs) {
    const epoch = ft.position.epoch;
    const order = shuffle ? stepRandom(seed, 'shuffle', epoch).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    let images = 0;
    for (let b = ft.position.batch; b < batches; b++) {
      if (options.signal?.aborted) {
        await offer();
        return { stopped: 'aborted', history: ft.history, bestEpoch: best.epoch };
      }
      const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
      if (b + 1 < batches) data.source.prefetch?.(Int32Array.from(order.subarray((b + 1) * batchSize, Math.min(n, (b + 2) * batchSize)), (p) => data.items[p]!));
      const r = await ft.step(data, idx, epoch, b);
      images += idx.length;
      const p = ft.position;
      ft.position = { epoch, batch: b + 1, lossSum: p.lossSum + r.loss * idx.length, seen: p.seen + idx.length, correct: p.correct + (r.correct ?? 0) };
      const q = ft.position;
      await options.onProgress?.({
        kind: 'batch', epoch, epochs, batch: b, batches, loss: q.lossSum / q.seen, imagesPerSecond: images / ((performance.now() - t0) / 1000),
        ...(data.labels instanceof Int32Array ? { accuracy: q.correct / q.seen } : {}),
      });
    }
    const seconds = (performance.now() - t0) / 1000;
    const p = ft.position;
    const metrics: Record<string, number> = {};
    if (data.labels instanceof Int32Array) metrics['accuracy'] = p.correct / Math.max(1, p.seen);
    let valLoss: number | undefined;
    if (options.validation) {
      const v = await evaluateFinetune(ft, options.validation);
      valLoss = v.loss;
      if (v.accuracy !== undefined) metrics['val_accuracy'] = v.accuracy;
      if (v.auc !== undefined) metrics['val_auc'] = v.auc;
    }
    const logs: EpochLogs = { epoch, loss: p.lossSum / Math.max(1, p.seen), lr: ft.lrAt(epoch), seconds, metrics, ...(valLoss === undefined ? {} : { valLoss }) };
    ft.history.push(logs);
    ft.position = { epoch: epoch + 1, batch: 0, lossSum: 0, seen: 0, correct: 0 };
    const improved = valLoss !== undefined && valLoss < best.loss;
    if (improved || valLoss === undefined) best = { loss: valLoss ?? Infinity, epoch, weights: options.patience ? ft.weights().map((w) => Float32Array.from(w.value)) : undefined };
    await options.onProgress?.({ kind: 'epoch', logs, epochs, imagesPerSecond: images / Math.max(seconds, 1e-9), best: improved });
    await offer();
    if (options.patience !== undefined && epoch - best.epoch >= options.patience) {
      restoreWeights(ft, best.weights);
      return { stopped: 'early', history: ft.history, bestEpoch: best.epoch };
    }
  }
  if (options.patience !== undefined && best.epoch !== ft.history.length - 1) restoreWeights(ft, best.weights);
  return { stopped: 'done', history: ft.history, bestEpoch: options.patience !== undefined ? best.epoch : ft.history.length - 1 };
}

/** Writes saved weights back (NOTE: after a resume the best epoch's weights may predate the checkpoint: then the last are kept). */
function restoreWeights(ft: Finetuner, weights: Float32Array[] | undefined): void {
  if (!weights) return;
  ft.weights().forEach((w, i) => w.value.set(weights[i]!));
}
