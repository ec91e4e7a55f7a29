/**
 * Fine-tuning checkpoints as bytes: the `.kenobi` container with magic `KNBT`, holding in its JSON header the
 * run's identity (backbone sha256, cut, feature tensor, head layers, options), the position, the history and
 * the optimizer's step counts, and as float32 tensors the weights that change (the blocks' params and running
 * statistics, the head's) and the optimizer moments. With counter-based random streams that is the whole
 * state: a resumed run continues bit-identically.
 */
import { jsonDifference } from '@kenobi/core';
import type { TrainingPosition } from '../cnn/checkpoint-format.js';
import { decodeContainer, encodeContainer } from '../io/kenobi-container.js';
import type { Param } from '../layers/layer.js';
import type { OptimizerState } from '../optim/optimizer.js';
import type { EpochLogs } from '../train/training-callback.js';
import { FinetuneError } from './finetune-error.js';

/** Where two run identities differ ("options.optimizer.lr: 0.0001 in the checkpoint, 0.001 in this run"), for the refusal. */
function identityDifference(saved: string, current: string): string {
  try {
    const d = jsonDifference(JSON.parse(saved), JSON.parse(current));
    if (d) return `${d.path}: ${d.left} in the checkpoint, ${d.right} in this run`;
  } catch {
    // NOTE: not JSON (a checkpoint from before identities were JSON): show both beginnings
  }
  return `${saved.slice(0, 80)} in the checkpoint, ${current.slice(0, 80)} in this run`;
}

/** The format version this build writes (and the highest it reads). @example `FINETUNE_CHECKPOINT_VERSION; // 1` */
export const FINETUNE_CHECKPOINT_VERSION = 1;
const MAGIC = 'KNBT';

/** What a checkpoint holds. @example `encodeFinetuneCheckpoint({ identity, info: {}, position, history, optimizer, weights });` */
export interface FinetuneCheckpoint {
  /** What must match to resume (a run fingerprint string: backbone sha256, cut, head, options). */
  readonly identity: string;
  /** Anything JSON the caller wants back (options, head spec...). */
  readonly info: Readonly<Record<string, unknown>>;
  readonly position: TrainingPosition;
  readonly history: readonly EpochLogs[];
  readonly optimizer: OptimizerState;
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[]; readonly value: ArrayLike<number> }[];
}

interface Header {
  readonly format: 'kenobi-finetune-checkpoint';
  readonly identity: string;
  readonly info: Readonly<Record<string, unknown>>;
  readonly position: TrainingPosition;
  readonly history: readonly EpochLogs[];
  readonly optimizer: { readonly lr: number; readonly params: readonly ({ readonly t: number; readonly slots: readonly string[] } | null)[] };
}

/**
 * Encodes a fine-tuning state.
 *
 * @example
 * ```ts
 * const bytes = encodeFinetuneCheckpoint({ identity, info: {}, position, history, optimizer: opt.saveState!(params), weights });
 * ```
 */
export function encodeFinetuneCheckpoint(c: FinetuneCheckpoint): Uint8Array {
  const arrays = [...c.weights];
  const params = c.optimizer.params.map((p, i) => {
    if (!p) return null;
    const slots = Object.keys(p.slots).sort();
    for (const s of slots) arrays.push({ name: `optimizer/${i}/${s}`, shape: [p.slots[s]!.length], value: p.slots[s]! });
    return { t: p.t, slots };
  });
  const header: Header = { format: 'kenobi-finetune-checkpoint', identity: c.identity, info: c.info, position: c.position, history: c.history, optimizer: { lr: c.optimizer.lr, params } };
  return encodeContainer(MAGIC, FINETUNE_CHECKPOINT_VERSION, { ...header }, arrays);
}

/**
 * Decodes checkpoint bytes and checks them against the run resuming them: `learn/bad-file` when they are not
 * a fine-tuning checkpoint, `learn/finetune-checkpoint` when the identity differs (another backbone, cut,
 * head or options) or a weight is missing or has another size.
 *
 * @example
 * ```ts
 * const c = decodeFinetuneCheckpoint(bytes, trainer.identity, trainer.weights(), trainer.trainable);
 * ```
 */
export function decodeFinetuneCheckpoint(
  bytes: Uint8Array, identity: string, weights: readonly { readonly name: string; readonly value: { readonly length: number } }[], params: readonly Param[],
): Omit<FinetuneCheckpoint, 'weights'> & { readonly tensors: ReadonlyMap<string, Float32Array> } {
  const { header, tensors } = decodeContainer<Header>(bytes, MAGIC, FINETUNE_CHECKPOINT_VERSION, 'fine-tuning checkpoint');
  const refuse = (message: string): never => {
    throw new FinetuneError('learn/finetune-checkpoint', message, { hint: 'resume with the same model, cut, head and options as the run that wrote it (or start afresh without --resume)' });
  };
  if ((header.format as string) !== 'kenobi-finetune-checkpoint' || !header.position || !header.optimizer) refuse('the file is not a Kenobi fine-tuning checkpoint');
  if (header.identity !== identity) refuse(`the checkpoint is of another run: ${identityDifference(header.identity, identity)}`);
  for (const w of weights) {
    const t = tensors.get(w.name);
    if (!t || t.length !== w.value.length) refuse(`the checkpoint's '${w.name}' is ${t ? `${t.length} values` : 'missing'}, the run has ${w.value.length}`);
  }
  const saved = header.optimizer.params;
  if (saved.length !== params.length) refuse(`optimizer state for ${saved.length} params, the run trains ${params.length}`);
  const optimizer: OptimizerState = {
    lr: header.optimizer.lr,
    params: saved.map((p, i) => {
      if (!p) return null;
      const slots: Record<string, Float32Array> = {};
      for (const s of p.slots) slots[s] = tensors.get(`optimizer/${i}/${s}`) ?? refuse(`optimizer slot ${s} of param ${i} is missing`);
      return { t: p.t, slots };
    }),
  };
  return { identity: header.identity, info: header.info ?? {}, position: header.position, history: header.history ?? [], optimizer, tensors };
}
