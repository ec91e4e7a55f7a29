/**
 * The trainer's options: plain data only (no functions), so a worker thread can receive them and a
 * checkpoint can store them.
 */
import { LearnError } from '../learn-error.js';
import type { OptimizerSpec } from '../optim/optimizer-spec.js';
import { checkImageLoss, type ImageLossName } from './image-loss.js';

/**
 * Where the trainer's ORT sessions run: onnxruntime-node CPU, or onnxruntime-web WASM (in Node, as a browser would).
 *
 * @example
 * ```ts
 * TRAINER_DEVICES; // ['cpu', 'wasm']
 * ```
 */
export const TRAINER_DEVICES = Object.freeze(['cpu', 'wasm'] as const);
/** One of {@link TRAINER_DEVICES}. */
export type TrainerDevice = (typeof TRAINER_DEVICES)[number];

/**
 * Options of `ImageTrainer.create` (Keras's `compile` + `fit` settings).
 *
 * @example
 * ```ts
 * const options: ImageTrainerOptions = { loss: 'binaryCrossEntropy', optimizer: { name: 'adam', lr: 1e-3 }, batchSize: 32, seed: 7 };
 * ```
 */
export interface ImageTrainerOptions {
  readonly loss: ImageLossName;
  /** categoricalCrossEntropy only (Keras `label_smoothing`). Default 0. */
  readonly labelSmoothing?: number;
  /** Default `{ name: 'adam' }` (lr 1e-3, as Keras's 'adam'; PyTorch's ε = 1e-8). */
  readonly optimizer?: OptimizerSpec;
  /** Default 32 (Keras). The last batch of an epoch may be smaller. */
  readonly batchSize?: number;
  /** Seeds shuffling, dropout masks and augmentation (counter-based streams). Default: the model's seed. */
  readonly seed?: number;
  /** A fresh seeded permutation every epoch (default true). */
  readonly shuffle?: boolean;
  /** Default 'cpu'. */
  readonly device?: TrainerDevice;
  /** ORT intra-op threads (default: ORT's choice). Results are bit-reproducible at a fixed thread count. */
  readonly threads?: number;
}

/** {@link ImageTrainerOptions} with every default filled in. */
export interface ResolvedTrainerOptions {
  readonly loss: ImageLossName;
  readonly labelSmoothing: number;
  readonly optimizer: OptimizerSpec;
  readonly batchSize: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly device: TrainerDevice;
  readonly threads?: number;
}

/**
 * Validates options and fills the defaults (`learn/bad-argument` naming the bad one).
 *
 * @example
 * ```ts
 * resolveTrainerOptions({ loss: 'meanSquaredError' }, 0).batchSize; // 32
 * ```
 */
export function resolveTrainerOptions(options: ImageTrainerOptions, modelSeed: number): ResolvedTrainerOptions {
  const loss = checkImageLoss(options.loss);
  const batchSize = options.batchSize ?? 32;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new LearnError('learn/bad-argument', `batchSize must be a positive integer, got ${batchSize}`);
  const labelSmoothing = options.labelSmoothing ?? 0;
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new LearnError('learn/bad-argument', `labelSmoothing must be in [0, 1), got ${labelSmoothing}`);
  const device = options.device ?? 'cpu';
  if (!(TRAINER_DEVICES as readonly string[]).includes(device)) throw new LearnError('learn/bad-argument', `device must be one of ${TRAINER_DEVICES.join(', ')}, got ${JSON.stringify(device)}`);
  const seed = options.seed ?? modelSeed;
  if (!Number.isInteger(seed)) throw new LearnError('learn/bad-argument', `seed must be an integer, got ${seed}`);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads > 0)) {
    throw new LearnError('learn/bad-argument', `threads must be a positive integer, got ${options.threads}`);
  }
  return {
    loss, labelSmoothing, batchSize, seed, device,
    optimizer: options.optimizer ?? { name: 'adam' },
    shuffle: options.shuffle ?? true,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  };
}
