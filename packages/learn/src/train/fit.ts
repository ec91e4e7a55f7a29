import { SeededRandom, type ProgressCallback } from '@kenobi/core';
import { allocFloat, dtypeOf, gatherRows, type FloatArray, type Matrix } from '../backend/matrix.js';
import { toMatrix, type MatrixInput } from '../backend/matrix-view.js';
import { LearnError } from '../learn-error.js';
import { sampleWeightsFor, type ClassWeight } from '../losses/class-weight.js';
import type { Loss, Targets } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';
import { validateFeatures, validateLabels } from '../model/validate-input.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LrSchedule } from '../schedules/lr-schedule.js';
import { autoEngine } from './auto-engine.js';
import type { GradientEngine } from './gradient-engine.js';
import { formatEpochLine } from './progress-logger.js';
import { gatherTargets, targetRows, toTargets } from './targets.js';
import type { EpochLogs, TrainingCallback, TrainingState } from './training-callback.js';

/** A metric evaluated on the validation data after every epoch: (outputs, targets) → number. */
export type EpochMetric = (outputs: Matrix, targets: Targets) => number;

/** Options of {@link fit}. */
export interface FitOptions {
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  readonly epochs: number;
  /** Default 32 (Keras). The last batch of an epoch may be smaller (PyTorch/Keras default, no drop_last). */
  readonly batchSize?: number;
  /** Seeds shuffling and dropout. Default: the model's seed. */
  readonly seed?: number;
  /** true (default): a fresh seeded permutation each epoch; false: row order; or a function giving the epoch's row order. */
  readonly shuffle?: boolean | ((epoch: number) => ArrayLike<number>);
  /** Hold out the LAST fraction of rows (before shuffling), as Keras's `validation_split`. */
  readonly validationSplit?: number;
  readonly validationData?: { readonly x: MatrixInput; readonly y: Targets | ArrayLike<number> };
  /** Weights per class (computed on the training rows). Needs class-label targets. */
  readonly classWeight?: ClassWeight;
  /** Weights per training row (multiplied with class weights when both are given). */
  readonly sampleWeight?: ArrayLike<number>;
  readonly schedule?: LrSchedule;
  readonly callbacks?: readonly TrainingCallback[];
  /** Validation metrics per epoch, by name. */
  readonly metrics?: Readonly<Record<string, EpochMetric>>;
  /** One event per epoch (`phase: 'train'`, unit 'epochs', the epoch line as detail). */
  readonly onProgress?: ProgressCallback;
  /**
   * Computes each batch's loss and gradients. Default {@link autoEngine}: onnxruntime in Node (one ONNX
   * forward + backward graph per step, ~1× PyTorch's time), the pure-TS layerwise engine elsewhere.
   */
  readonly engine?: GradientEngine;
}

/**
 * The per-epoch record of a {@link fit} call.
 *
 * @example
 * ```ts
 * const h = await fit(...);
 * h.epochs.map((e) => e.valLoss); // the validation curve
 * ```
 */
export interface History {
  readonly epochs: readonly EpochLogs[];
  /** True when a callback stopped training before `epochs`. */
  readonly stoppedEarly: boolean;
}

function checkTargets(model: Sequential, x: Matrix, y: Targets, what: string): void {
  if (y instanceof Int32Array) {
    validateLabels(y, x.rows, model.outputs === 1 ? 2 : model.outputs, what);
  } else {
    if (y.rows !== x.rows || y.cols !== model.outputs) {
      throw new LearnError('learn/shape-mismatch', `${what} are ${y.rows} × ${y.cols}; expected ${x.rows} × ${model.outputs}`);
    }
    validateFeatures(y, y.cols, what);
  }
}

/** Copies rows `idx` of `x` into the front of `buffer` (converting dtype when needed) and wraps them. */
function gatherBatch(x: Matrix, idx: readonly number[], buffer: FloatArray): Matrix {
  const c = x.cols, out = buffer.subarray(0, idx.length * c);
  const same = dtypeOf(x.data) === dtypeOf(buffer);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i]!;
    if (same) out.set(x.data.subarray(r * c, r * c + c), i * c);
    else for (let j = 0; j < c; j++) out[i * c + j] = x.data[r * c + j]!;
  }
  return { rows: idx.length, cols: c, data: out };
}

const nextTick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * Trains `model` in place with mini-batch gradient descent. Deterministic for a seed: the same model seed,
 * data and options give bit-identical weights. Checks its input first: NaN/∞ features
 * (`learn/non-finite-input`), wrong feature count (`learn/shape-mismatch`), labels of one class
 * (`learn/single-class`). `x` (and `validationData.x`) is a matrix or a 2-D strided view `[rows, features]`.
 *
 * @example
 * ```ts
 * import { linearHead, fit, adam, binaryCrossEntropy, earlyStopping, progressLogger } from '@kenobi/learn';
 * const model = linearHead({ inputs: x.cols, classes: 2, seed: 1 });
 * const history = await fit(model, x, labels, {
 *   loss: binaryCrossEntropy(), optimizer: adam({ lr: 1e-2 }), epochs: 50, batchSize: 64,
 *   validationSplit: 0.2, callbacks: [earlyStopping({ patience: 5, restoreBestWeights: true }), progressLogger()],
 * });
 * history.epochs.length; // ≤ 50
 * ```
 */
export async function fit(model: Sequential, input: MatrixInput, yIn: Targets | ArrayLike<number>, options: FitOptions): Promise<History> {
  let x = toMatrix(input, 'training features');
  const { loss, optimizer, epochs } = options;
  const batchSize = options.batchSize ?? 32;
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new LearnError('learn/bad-argument', `epochs must be an integer >= 0, got ${epochs}`);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new LearnError('learn/bad-argument', `batchSize must be a positive integer, got ${batchSize}`);
  let y = toTargets(yIn);
  validateFeatures(x, model.inputs, 'training features');
  if (targetRows(y) !== x.rows) throw new LearnError('learn/shape-mismatch', `${targetRows(y)} targets for ${x.rows} feature rows`);

  let xVal: Matrix | undefined;
  let yVal: Targets | undefined;
  let sampleWeight = options.sampleWeight;
  if (sampleWeight !== undefined && sampleWeight.length !== x.rows) throw new LearnError('learn/shape-mismatch', `${sampleWeight.length} sample weights for ${x.rows} rows`);
  if (options.validationData) {
    xVal = toMatrix(options.validationData.x, 'validation features');
    yVal = toTargets(options.validationData.y);
    validateFeatures(xVal, model.inputs, 'validation features');
  } else if (options.validationSplit !== undefined && options.validationSplit > 0) {
    const split = options.validationSplit;
    if (!(split < 1)) throw new LearnError('learn/bad-argument', `validationSplit must be in [0, 1), got ${split}`);
    const at = Math.floor(x.rows * (1 - split));
    const head = Int32Array.from({ length: at }, (_, i) => i);
    const tail = Int32Array.from({ length: x.rows - at }, (_, i) => at + i);
    xVal = gatherRows(x, tail);
    yVal = gatherTargets(y, tail);
    x = gatherRows(x, head);
    y = gatherTargets(y, head);
    if (sampleWeight !== undefined) sampleWeight = Array.from(head, (i) => sampleWeight![i]!);
  }
  checkTargets(model, x, y, 'training targets');
  if (xVal && yVal) checkTargets(model, xVal, yVal, 'validation targets');
  if (options.classWeight !== undefined) {
    if (!(y instanceof Int32Array)) throw new LearnError('learn/bad-argument', 'classWeight needs class-label targets');
    const cw = sampleWeightsFor(options.classWeight, y);
    sampleWeight = sampleWeight === undefined ? cw : cw.map((w, i) => w * sampleWeight![i]!);
  }

  const rng = new SeededRandom(options.seed ?? model.seed);
  const shuffleRng = rng.fork();
  const dropoutRng = rng.fork();
  const engine = options.engine ?? autoEngine();
  const callbacks = options.callbacks ?? [];
  const history: EpochLogs[] = [];
  const state: TrainingState = { model, epochs, stopTraining: false, history };
  const n = x.rows;
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const batchWeight = sampleWeight === undefined ? undefined : new Float64Array(batchSize);
  // one feature buffer for every batch instead of a fresh 2 MB array per step (2048 features × 256 rows;
  // garbage collection was 2–3% of a CPU profile of the MLP benchmark); engines do not keep it past a step
  const batchRows = allocFloat(model.dtype, Math.min(batchSize, n) * x.cols);

  for (const cb of callbacks) await cb.onTrainBegin?.(state);
  for (let epoch = 0; epoch < epochs && !state.stopTraining; epoch++) {
    const t0 = Date.now();
    if (options.schedule) optimizer.lr = options.schedule.lrAt(epoch, optimizer.baseLr);
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, state);
    const order = typeof options.shuffle === 'function' ? options.shuffle(epoch) : options.shuffle === false ? identity : shuffleRng.permutation(n);
    if (order.length !== n) throw new LearnError('learn/shape-mismatch', `epoch ${epoch}: row order has ${order.length} entries for ${n} rows`);
    let total = 0;
    for (let b0 = 0; b0 < n; b0 += batchSize) {
      const idx = Array.prototype.slice.call(order, b0, Math.min(n, b0 + batchSize)) as number[];
      const xb = gatherBatch(x, idx, batchRows);
      const yb = gatherTargets(y, idx);
      let wb: Float64Array | undefined;
      if (batchWeight && sampleWeight) {
        wb = batchWeight.subarray(0, idx.length);
        for (let i = 0; i < idx.length; i++) wb[i] = sampleWeight[idx[i]!]!;
      }
      const value = await engine.lossAndGradients(model, xb, yb, loss, wb, { training: true, rng: dropoutRng });
      if (!Number.isFinite(value)) {
        throw new LearnError('learn/non-finite-input', `the training loss became ${value} at epoch ${epoch + 1}`, { hint: 'lower the learning rate or standardise the features' });
      }
      optimizer.step(model.trainableParams());
      total += value * idx.length;
    }
    const metrics: Record<string, number> = {};
    let valLoss: number | undefined;
    if (xVal && yVal) {
      const out = engine.predict ? await engine.predict(model, xVal) : model.predict(xVal);
      valLoss = loss.compute(out, yVal);
      for (const [name, metric] of Object.entries(options.metrics ?? {})) metrics[name] = metric(out, yVal);
    }
    const logs: EpochLogs = { epoch, loss: total / n, ...(valLoss === undefined ? {} : { valLoss }), lr: optimizer.lr, seconds: (Date.now() - t0) / 1000, metrics };
    history.push(logs);
    for (const cb of callbacks) await cb.onEpochEnd?.(logs, state);
    options.onProgress?.({ phase: 'train', done: epoch + 1, total: epochs, unit: 'epochs', detail: formatEpochLine(logs, epochs) });
    await nextTick();
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(state);
  if (!options.engine) engine.dispose();
  return { epochs: history, stoppedEarly: history.length < epochs };
}
