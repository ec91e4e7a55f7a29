/**
 * The typed error of fine-tuning (`learn/finetune-*` codes): bad cuts and unfreeze counts, heads and caches
 * from another backbone or preprocessing, checkpoints of another run.
 */
import { KenobiError } from '@kenobi/core';

/**
 * Every code a {@link FinetuneError} carries.
 *
 * @example
 * ```ts
 * FINETUNE_ERROR_CODES.includes('learn/finetune-cache-mismatch'); // true
 * ```
 */
export const FINETUNE_ERROR_CODES = Object.freeze([
  /** The trunk boundary is not a tensor the model can be split at (unknown, not computed, bypassed by a skip connection). */
  'learn/finetune-cut',
  /** `unfreeze` is larger than the model's block count, or not a count. */
  'learn/finetune-unfreeze',
  /** The model has no blocks `unfreeze` could count (no detectable blocks). */
  'learn/finetune-no-blocks',
  /** A head (file) trained on another backbone, tensor or width. */
  'learn/finetune-head-mismatch',
  /** A trunk cache of another model, cut, preprocessing, augmentation variant set or dataset: refused, never mixed. */
  'learn/finetune-cache-mismatch',
  /** A checkpoint or fine-tuned file of another backbone or configuration. */
  'learn/finetune-checkpoint',
  /** An option that is not valid (learning rates, decay, schedule, BN mode...). */
  'learn/finetune-option',
] as const);
/** One of {@link FINETUNE_ERROR_CODES}. @example `const c: FinetuneErrorCode = 'learn/finetune-cut';` */
export type FinetuneErrorCode = (typeof FINETUNE_ERROR_CODES)[number];

/**
 * Thrown by the fine-tuning API.
 *
 * @example
 * ```ts
 * try { await Finetuner.create(backbone, { unfreeze: 9, ... }); }
 * catch (e) { if (e instanceof FinetuneError) console.log(e.code); } // 'learn/finetune-unfreeze'
 * ```
 */
export class FinetuneError extends KenobiError {
  declare readonly code: FinetuneErrorCode;

  constructor(code: FinetuneErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
