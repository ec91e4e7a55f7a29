/**
 * The options of a fine-tuning run, plain data only (they travel into checkpoints and `.kenobi` metadata),
 * with Zoobot's defaults: AdamW, lr 1e-4, weight decay 0.05, layer-wise decay 0.75.
 */
import type { Dim, PoolMode } from '@kenobi/onnx';
import { checkImageLoss, type ImageLossName } from '../cnn/image-loss.js';
import { TRAINER_DEVICES, type TrainerDevice } from '../cnn/trainer-options.js';
import type { OptimizerSpec } from '../optim/optimizer-spec.js';
import { FinetuneError } from './finetune-error.js';

/**
 * How batch norm inside the trainable blocks behaves while training: `train` normalises with batch statistics
 * and updates the running ones (PyTorch's `model.train()`); `frozen` keeps inference mode (running statistics,
 * never updated) while its scale and shift still train (PyTorch's `bn.eval()`, Zoobot's
 * `freeze_batchnorm_layers`). The frozen trunk's batch norms are always in inference mode: they run in the
 * inference session that fills the cache. NOTE the Keras trap (keras#9214): in Keras "trainable" and
 * "training" are two switches, and `layer.trainable = False` on a BatchNormalization also forces inference
 * mode since TF 2.0, so "unfreezing" a Keras block gives `train` only when its BN layers are unfrozen too;
 * here the mode is this one explicit option.
 *
 * @example
 * ```ts
 * BATCH_NORM_MODES; // ['train', 'frozen']
 * ```
 */
export const BATCH_NORM_MODES = Object.freeze(['train', 'frozen'] as const);
/** One of {@link BATCH_NORM_MODES}. @example `const m: BatchNormMode = 'train';` */
export type BatchNormMode = (typeof BATCH_NORM_MODES)[number];

/**
 * The learning-rate schedule over epochs: constant, or cosine annealing to `etaMin` (default 0) after
 * `warmup` epochs of linear warm-up (epoch k < warmup gets lr · (k + 1) / (warmup + 1)).
 *
 * @example
 * ```ts
 * const s: FinetuneSchedule = { kind: 'cosine', warmup: 2 };
 * ```
 */
export type FinetuneSchedule = { readonly kind: 'constant' } | { readonly kind: 'cosine'; readonly warmup?: number; readonly etaMin?: number };

/**
 * Options of `Finetuner.create`.
 *
 * @example
 * ```ts
 * const o: FinetuneOptions = { cut: 'pool4_pool', feature: 'avg_pool', loss: 'binaryCrossEntropy', epochs: 10, batchNorm: 'frozen' };
 * ```
 */
export interface FinetuneOptions {
  /** The trunk's output: everything before it is frozen and runs once per image (cached). */
  readonly cut: string;
  /** The tensor the head reads. */
  readonly feature: string;
  /** Pooling of a feature map (default 'avg' when the feature tensor has rank > 2). */
  readonly pool?: PoolMode;
  /** Input dims where the backbone's are not static beyond the batch. */
  readonly inputShapes?: Readonly<Record<string, readonly Dim[]>>;
  /** The backbone file's sha256, when the caller knows it: part of the run's identity (checkpoints) and exports. */
  readonly backboneSha256?: string;
  /**
   * The block of each trainable initializer, 1 = nearest the head (layer-wise decay: block i gets
   * lr · decay^(i − 1); the head and block 1 get lr). Initializers not listed count as block 1.
   */
  readonly paramBlocks?: Readonly<Record<string, number>>;
  readonly loss: ImageLossName;
  /** categoricalCrossEntropy only. Default 0. */
  readonly labelSmoothing?: number;
  /** Default 'frozen' (Keras's advice for fine-tuning, and stable at the small batches of CPU training). */
  readonly batchNorm?: BatchNormMode;
  /** Default `{ name: 'adamw', lr: 1e-4, weightDecay: 0.05 }` (Zoobot's). */
  readonly optimizer?: OptimizerSpec;
  /** Layer-wise learning-rate decay per block from the top (Zoobot's `lr_decay`). Default 0.75. */
  readonly lrDecay?: number;
  /** Default constant. */
  readonly schedule?: FinetuneSchedule;
  /** Epochs of the run (the schedule spans them). */
  readonly epochs: number;
  /** Default 32. */
  readonly batchSize?: number;
  /** Seeds shuffles, head dropout masks and augmentation draws. Default 0. */
  readonly seed?: number;
  /** A fresh seeded permutation every epoch (default true). */
  readonly shuffle?: boolean;
  /** Where the training and inference graphs run. Default 'cpu'. */
  readonly device?: TrainerDevice;
  /** ORT intra-op threads (results are bit-reproducible at a fixed count). */
  readonly threads?: number;
}

/** {@link FinetuneOptions} with every default filled in. @example `resolveFinetuneOptions(o).batchNorm; // 'frozen'` */
export type ResolvedFinetuneOptions = Required<Omit<FinetuneOptions, OptionalKeys>> & Pick<FinetuneOptions, OptionalKeys>;
type OptionalKeys = 'pool' | 'inputShapes' | 'paramBlocks' | 'threads' | 'backboneSha256';

/**
 * Validates options and fills the defaults (`learn/finetune-option` naming the bad one).
 *
 * @example
 * ```ts
 * resolveFinetuneOptions({ cut: 'c', feature: 'f', loss: 'binaryCrossEntropy', epochs: 3 }).lrDecay; // 0.75
 * ```
 */
export function resolveFinetuneOptions(o: FinetuneOptions): ResolvedFinetuneOptions {
  const bad = (what: string, v: unknown, expected: string): never => {
    throw new FinetuneError('learn/finetune-option', `${what} must be ${expected}, got ${JSON.stringify(v)}`);
  };
  checkImageLoss(o.loss);
  const int = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;
  if (!int(o.epochs, 0)) bad('epochs', o.epochs, 'a non-negative integer');
  const batchSize = o.batchSize ?? 32;
  if (!int(batchSize, 1)) bad('batchSize', batchSize, 'a positive integer');
  const lrDecay = o.lrDecay ?? 0.75;
  if (!(lrDecay > 0 && lrDecay <= 1)) bad('lrDecay', lrDecay, 'in (0, 1]');
  const batchNorm = o.batchNorm ?? 'frozen';
  if (!(BATCH_NORM_MODES as readonly string[]).includes(batchNorm)) bad('batchNorm', batchNorm, `one of ${BATCH_NORM_MODES.join(', ')}`);
  const device = o.device ?? 'cpu';
  if (!(TRAINER_DEVICES as readonly string[]).includes(device)) bad('device', device, `one of ${TRAINER_DEVICES.join(', ')}`);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) bad('seed', seed, 'an integer');
  const labelSmoothing = o.labelSmoothing ?? 0;
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) bad('labelSmoothing', labelSmoothing, 'in [0, 1)');
  const schedule = o.schedule ?? { kind: 'constant' };
  if (schedule.kind === 'cosine' && schedule.warmup !== undefined && !int(schedule.warmup, 0)) bad('schedule.warmup', schedule.warmup, 'a non-negative integer');
  if (schedule.kind !== 'constant' && schedule.kind !== 'cosine') bad('schedule.kind', (schedule as { kind: unknown }).kind, "'constant' or 'cosine'");
  if (o.threads !== undefined && !int(o.threads, 1)) bad('threads', o.threads, 'a positive integer');
  for (const [name, block] of Object.entries(o.paramBlocks ?? {})) if (!int(block, 1)) bad(`paramBlocks['${name}']`, block, 'a block number >= 1');
  return {
    cut: o.cut, feature: o.feature, loss: o.loss, labelSmoothing, batchNorm, lrDecay, schedule, epochs: o.epochs, batchSize, seed, device,
    optimizer: o.optimizer ?? { name: 'adamw', lr: 1e-4, weightDecay: 0.05 },
    shuffle: o.shuffle ?? true,
    ...(o.pool === undefined ? {} : { pool: o.pool }),
    ...(o.inputShapes === undefined ? {} : { inputShapes: o.inputShapes }),
    ...(o.paramBlocks === undefined ? {} : { paramBlocks: o.paramBlocks }),
    ...(o.threads === undefined ? {} : { threads: o.threads }),
    ...(o.backboneSha256 === undefined ? {} : { backboneSha256: o.backboneSha256 }),
  };
}
