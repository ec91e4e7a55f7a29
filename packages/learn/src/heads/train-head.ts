import { SeededRandom, type ProgressCallback } from '@kenobi/core';
import { gatherRows } from '../backend/matrix.js';
import { toMatrix, type MatrixInput } from '../backend/matrix-view.js';
import { LearnError } from '../learn-error.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import type { ClassWeight } from '../losses/class-weight.js';
import type { Loss, Targets } from '../losses/loss.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import type { Sequential } from '../model/sequential.js';
import { adagrad } from '../optim/adagrad.js';
import { adam } from '../optim/adam.js';
import { adamw } from '../optim/adamw.js';
import { fitLbfgs, sklearnL2, type LbfgsResult } from '../optim/lbfgs.js';
import type { Optimizer } from '../optim/optimizer.js';
import { rmsprop } from '../optim/rmsprop.js';
import { sgd } from '../optim/sgd.js';
import { earlyStopping } from '../train/early-stopping.js';
import { fit, type History } from '../train/fit.js';
import type { GradientEngine } from '../train/gradient-engine.js';
import { gatherTargets } from '../train/targets.js';
import { linearHead } from './linear-head.js';
import { mlpHead } from './mlp-head.js';

/** The head kinds {@link trainHead} builds. */
export const HEAD_KINDS = Object.freeze(['linear', 'mlp'] as const);
/** One of {@link HEAD_KINDS}. */
export type HeadKind = (typeof HEAD_KINDS)[number];

/** The optimizers {@link trainHead} accepts by name (`lbfgs`: full-batch, scikit-learn's solver). */
export const HEAD_OPTIMIZERS = Object.freeze(['lbfgs', 'adam', 'adamw', 'sgd', 'rmsprop', 'adagrad'] as const);
/** One of {@link HEAD_OPTIMIZERS}. */
export type HeadOptimizer = (typeof HEAD_OPTIMIZERS)[number];

/** A head to build and train: what `kenobi train` takes on its command line. */
export interface HeadSpec {
  readonly head: HeadKind;
  /** 'classification' (labels 0..classes−1) or 'regression' (a float target matrix). */
  readonly task: 'classification' | 'regression';
  /** Classes (classification) or output columns (regression). */
  readonly classes: number;
  /** MLP hidden widths. Default [256]. */
  readonly hidden?: readonly number[];
  /** MLP dropout. Default 0.5. */
  readonly dropout?: number;
  /** MLP batch norm. Default false. */
  readonly bn?: boolean;
  /** Default: 'lbfgs' for a linear head, 'adam' for an MLP. */
  readonly optimizer?: HeadOptimizer;
  /** Learning rate (not for lbfgs). Default 1e-3 (adam/adamw/rmsprop), 1e-2 (sgd, adagrad). */
  readonly lr?: number;
  /** L2: for lbfgs scikit-learn's C (default 1); for the others the optimizer's weight decay (default 0). */
  readonly c?: number;
  readonly weightDecay?: number;
  /** Epochs (default 30); for lbfgs the iteration cap (default 100, scikit-learn's `max_iter`). */
  readonly epochs?: number;
  /** Default 64. */
  readonly batchSize?: number;
  readonly classWeight?: ClassWeight;
  /**
   * Fraction of rows held out for the validation curves (mini-batch optimizers only). The rows are first
   * put in a seeded random order, so a store sorted by class still gives a mixed validation set. Default 0.1.
   */
  readonly validationSplit?: number;
  /** Early stopping on the validation loss (restoring the best weights). Default: none. */
  readonly patience?: number;
  readonly seed?: number;
}

/** What {@link trainHead} returns. */
export interface TrainedHead {
  readonly model: Sequential;
  readonly loss: Loss;
  /** Per-epoch history (mini-batch optimizers). */
  readonly history?: History;
  /** The L-BFGS report (lbfgs). */
  readonly lbfgs?: LbfgsResult;
}

/**
 * The loss a head of `task` with `classes` trains on: binary cross-entropy (2 classes, one logit),
 * categorical cross-entropy (K classes) or mean squared error (regression).
 *
 * @example
 * ```ts
 * headLoss('classification', 6).name; // 'categoricalCrossEntropy'
 * ```
 */
export function headLoss(task: HeadSpec['task'], classes: number): Loss {
  if (task === 'regression') return meanSquaredError();
  return classes === 2 ? binaryCrossEntropy() : categoricalCrossEntropy();
}

function optimizerFor(name: HeadOptimizer, lr: number | undefined, weightDecay: number): Optimizer {
  switch (name) {
    case 'adam': return adam({ lr: lr ?? 1e-3, weightDecay });
    case 'adamw': return adamw({ lr: lr ?? 1e-3, weightDecay: weightDecay || 1e-2 });
    case 'sgd': return sgd({ lr: lr ?? 1e-2, momentum: 0.9, weightDecay });
    case 'rmsprop': return rmsprop({ lr: lr ?? 1e-3, weightDecay });
    case 'adagrad': return adagrad({ lr: lr ?? 1e-2, weightDecay });
    default: throw new LearnError('learn/bad-argument', `unknown optimizer ${String(name)}`, { hint: `use one of ${HEAD_OPTIMIZERS.join(', ')}` });
  }
}

/**
 * Builds the head of `spec` for `x.cols` features and trains it: a linear head with L-BFGS (L2 as
 * scikit-learn's `C`, default 1: `LogisticRegression`'s optimum) or any head with a mini-batch optimizer
 * through {@link fit}. Same spec and seed → same head.
 *
 * @example
 * ```ts
 * const { model } = await trainHead(x, labels, { head: 'linear', task: 'classification', classes: 2 });
 * const { model: mlp, history } = await trainHead(x, labels, { head: 'mlp', task: 'classification', classes: 2, hidden: [256], dropout: 0.5, epochs: 30 });
 * ```
 */
export async function trainHead(
  input: MatrixInput,
  y: Targets,
  spec: HeadSpec,
  options: { engine?: GradientEngine; onProgress?: ProgressCallback } = {},
): Promise<TrainedHead> {
  let x = toMatrix(input);
  if (!(HEAD_KINDS as readonly string[]).includes(spec.head)) throw new LearnError('learn/bad-argument', `unknown head '${spec.head}'`, { hint: `use one of ${HEAD_KINDS.join(', ')}` });
  const seed = spec.seed ?? 0;
  const shape = spec.task === 'regression' ? { outputs: spec.classes } : { classes: spec.classes };
  const model = spec.head === 'linear'
    ? linearHead({ inputs: x.cols, seed, ...shape })
    : mlpHead({ inputs: x.cols, seed, hidden: spec.hidden ?? [256], dropout: spec.dropout ?? 0.5, bn: spec.bn ?? false, ...shape });
  const loss = headLoss(spec.task, spec.classes);
  const optimizer = spec.optimizer ?? (spec.head === 'linear' ? 'lbfgs' : 'adam');
  if (optimizer === 'lbfgs') {
    const lbfgs = await fitLbfgs(model, x, y, {
      loss, l2: sklearnL2(spec.c ?? 1, x.rows), ...(spec.epochs === undefined ? {} : { maxIterations: spec.epochs }),
      ...(spec.classWeight === undefined ? {} : { classWeight: spec.classWeight }), ...(options.engine ? { engine: options.engine } : {}),
    });
    return { model, loss, lbfgs };
  }
  const split = spec.validationSplit ?? 0.1;
  if (split > 0) {
    const order = new SeededRandom(seed).permutation(x.rows);
    x = gatherRows(x, order);
    y = gatherTargets(y, order);
  }
  const history = await fit(model, x, y, {
    loss, optimizer: optimizerFor(optimizer, spec.lr, spec.weightDecay ?? 0), epochs: spec.epochs ?? 30, batchSize: spec.batchSize ?? 64, seed,
    ...(split > 0 ? { validationSplit: split } : {}),
    ...(spec.classWeight === undefined ? {} : { classWeight: spec.classWeight }),
    ...(spec.patience !== undefined && split > 0 ? { callbacks: [earlyStopping({ patience: spec.patience, restoreBestWeights: true })] } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { model, loss, history };
}
