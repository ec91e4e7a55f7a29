/**
 * The typed errors of @kenobi/onnx. Every error names the file (or model) it is about and says what to do.
 */
import { KenobiError } from '@kenobi/core';

/** Every code an {@link OnnxError} can carry. */
export const ONNX_ERROR_CODES = Object.freeze([
  'onnx/empty',
  'onnx/truncated',
  'onnx/not-onnx',
  'onnx/invalid',
  'onnx/external-data',
  'onnx/unsafe-integer',
  'onnx/unsupported-dtype',
  'onnx/unknown-tensor',
  'onnx/not-computed',
  'onnx/cycle',
  'onnx/no-feature-tensor',
  'onnx/unknown-rank',
  'onnx/batch-repair',
  'onnx/input-size',
  'onnx/split-output',
  'onnx/split-crossing',
] as const);

/** One code of {@link ONNX_ERROR_CODES}. */
export type OnnxErrorCode = (typeof ONNX_ERROR_CODES)[number];

/**
 * An error about an ONNX model: unreadable bytes, a graph that breaks a rule, a tensor that is not there.
 *
 * @example
 * ```ts
 * import { isKenobiError } from '@kenobi/core';
 * try { decodeModel(new Uint8Array(0), { source: 'empty.onnx' }); }
 * catch (e) { if (isKenobiError(e, 'onnx/empty')) console.log(e.message); } // 'empty.onnx: the file is empty (0 bytes) ...'
 * ```
 */
export class OnnxError extends KenobiError {
  declare readonly code: OnnxErrorCode;

  constructor(code: OnnxErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
