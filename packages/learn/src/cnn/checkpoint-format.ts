/**
 * Training checkpoints as bytes: the container of `.kenobi` files with magic `KNBC` holding the model spec,
 * the trainer's options, the position (epoch, batch and the epoch's partial sums), the history, the
 * optimizer's step counts and learning rate in the JSON header, and the weights, batch-norm statistics and
 * optimizer moments as float32 tensors. With counter-based random streams, that is the whole state: a
 * resumed run continues bit-identically.
 */
import type { Param } from '../layers/layer.js';
import { decodeContainer, encodeContainer } from '../io/kenobi-container.js';
import { LearnError } from '../learn-error.js';
import type { OptimizerState } from '../optim/optimizer.js';
import type { EpochLogs } from '../train/training-callback.js';
import type { ImageModelSpec } from './image-model.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';

/**
 * The checkpoint format version this build writes (and the highest it reads).
 *
 * @example
 * ```ts
 * CHECKPOINT_FORMAT_VERSION; // 1
 * ```
 */
export const CHECKPOINT_FORMAT_VERSION = 1;
const MAGIC = 'KNBC';

/**
 * Where training stands: the next step is batch `batch` of epoch `epoch` (0-based); `lossSum` (Σ batch
 * loss × batch size), `seen` and `correct` are the sums of the epoch in progress.
 *
 * @example
 * ```ts
 * trainer.position; // { epoch: 1, batch: 0, lossSum: 0, seen: 0, correct: 0 } after one epoch
 * ```
 */
export interface TrainingPosition {
  readonly epoch: number;
  readonly batch: number;
  readonly lossSum: number;
  readonly seen: number;
  readonly correct: number;
}

/** What a checkpoint holds, as the trainer gives it. */
export interface CheckpointInput {
  readonly model: ImageModelSpec;
  readonly options: ResolvedTrainerOptions;
  readonly position: TrainingPosition;
  readonly history: readonly EpochLogs[];
  readonly optimizer: OptimizerState;
  /** Params then buffers of the model. */
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[]; readonly value: ArrayLike<number> }[];
}

interface CheckpointHeader {
  readonly format: 'kenobi-checkpoint';
  readonly model: ImageModelSpec;
  readonly options: ResolvedTrainerOptions;
  readonly position: TrainingPosition;
  readonly history: readonly EpochLogs[];
  readonly optimizer: { readonly lr: number; readonly params: readonly ({ readonly t: number; readonly slots: readonly string[] } | null)[] };
}

/**
 * A decoded checkpoint.
 *
 * @example
 * ```ts
 * const c = decodeCheckpoint(bytes);
 * c.position.epoch; c.tensors.get('conv2d/kernel');
 * ```
 */
export interface DecodedCheckpoint {
  readonly model: ImageModelSpec;
  readonly options: ResolvedTrainerOptions;
  readonly position: TrainingPosition;
  readonly history: readonly EpochLogs[];
  /** Weights and buffers by name. */
  readonly tensors: ReadonlyMap<string, Float32Array>;
  /** The optimizer state for these (trainable) params, in order. */
  optimizerState(params: readonly Param[]): OptimizerState;
}

/**
 * Encodes a training state.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint({ model: model.spec(), options, position, history, optimizer: opt.saveState!(params), weights });
 * ```
 */
export function encodeCheckpoint(input: CheckpointInput): Uint8Array {
  const arrays = [...input.weights];
  const params = input.optimizer.params.map((p, i) => {
    if (!p) return null;
    const slots = Object.keys(p.slots).sort();
    for (const s of slots) arrays.push({ name: `optimizer/${i}/${s}`, shape: [p.slots[s]!.length], value: p.slots[s]! });
    return { t: p.t, slots };
  });
  const header: CheckpointHeader = {
    format: 'kenobi-checkpoint',
    model: input.model,
    options: input.options,
    position: input.position,
    history: input.history,
    optimizer: { lr: input.optimizer.lr, params },
  };
  return encodeContainer(MAGIC, CHECKPOINT_FORMAT_VERSION, { ...header }, arrays);
}

/**
 * Decodes checkpoint bytes (`learn/bad-file` when they are not a checkpoint or are truncated).
 *
 * @example
 * ```ts
 * decodeCheckpoint(bytes).position; // { epoch: 1, batch: 3, ... }
 * ```
 */
export function decodeCheckpoint(bytes: Uint8Array): DecodedCheckpoint {
  const { header, tensors } = decodeContainer<CheckpointHeader>(bytes, MAGIC, CHECKPOINT_FORMAT_VERSION, 'checkpoint');
  if ((header.format as string) !== 'kenobi-checkpoint' || !header.model || !header.options || !header.position || !header.optimizer) {
    throw new LearnError('learn/bad-file', 'checkpoint: the header lacks model/options/position/optimizer', { hint: 'the file is not a Kenobi training checkpoint' });
  }
  return {
    model: header.model,
    options: header.options,
    position: header.position,
    history: header.history ?? [],
    tensors,
    optimizerState(params: readonly Param[]): OptimizerState {
      const saved = header.optimizer.params;
      if (saved.length !== params.length) throw new LearnError('learn/bad-file', `checkpoint: optimizer state for ${saved.length} params, the model trains ${params.length}`);
      return {
        lr: header.optimizer.lr,
        params: saved.map((p, i) => {
          if (!p) return null;
          const slots: Record<string, Float32Array> = {};
          for (const s of p.slots) {
            const v = tensors.get(`optimizer/${i}/${s}`);
            if (!v) throw new LearnError('learn/bad-file', `checkpoint: optimizer slot ${s} of param ${i} is missing`);
            slots[s] = v;
          }
          return { t: p.t, slots };
        }),
      };
    },
  };
}
