/**
 * The typed errors of backbone blocks (`modelBlocks`, `splitAtBlock`): a graph with no place to cut it into
 * blocks, or a block count the backbone does not have.
 */
import { KenobiError } from '@kenobi/core';

/**
 * Every code a {@link BlockError} can carry.
 *
 * @example
 * ```ts
 * BLOCK_ERROR_CODES.includes('onnx/no-block-boundary'); // true
 * ```
 */
export const BLOCK_ERROR_CODES = Object.freeze([
  'onnx/no-block-boundary',
  'onnx/block-out-of-range',
] as const);

/**
 * One code of {@link BLOCK_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: BlockErrorCode = 'onnx/block-out-of-range';
 * ```
 */
export type BlockErrorCode = (typeof BLOCK_ERROR_CODES)[number];

/**
 * An error while splitting a backbone into blocks: `onnx/no-block-boundary` when no tensor between the input
 * and the feature tensor carries the whole computation (e.g. a single Conv), `onnx/block-out-of-range` when
 * `splitAtBlock` is asked for more blocks than the backbone has (the message says how many it has).
 *
 * @example
 * ```ts
 * import { isKenobiError } from '@kenobi/core';
 * try { splitAtBlock(resnet18(), 40); }
 * catch (e) { if (isKenobiError(e, 'onnx/block-out-of-range')) console.log(e.details.blocks); } // 9
 * ```
 */
export class BlockError extends KenobiError {
  declare readonly code: BlockErrorCode;

  constructor(code: BlockErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
