/**
 * The typed error of the ONNX export (`learn/export-*` codes).
 */
import { KenobiError } from '@kenobi/core';

/**
 * Every code an {@link ExportError} carries.
 *
 * @example
 * ```ts
 * EXPORT_ERROR_CODES.includes('learn/export-width'); // true
 * ```
 */
export const EXPORT_ERROR_CODES = Object.freeze([
  /** The head takes a different feature width than the cut backbone gives. */
  'learn/export-width',
  /** A name the export needs (`probabilities`, `features`, `pixels`) is taken in the backbone. */
  'learn/export-name',
  /** A head layer, option or model the export cannot express. */
  'learn/export-unsupported',
  /** A model without (or with broken) Kenobi export metadata. */
  'learn/export-metadata',
] as const);
/** One of {@link EXPORT_ERROR_CODES}. */
export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

/**
 * Thrown by `exportModel` and `readExportInfo`.
 *
 * @example
 * ```ts
 * try { exportModel(options); } catch (e) { if (e instanceof ExportError) console.log(e.code); } // 'learn/export-width'
 * ```
 */
export class ExportError extends KenobiError {
  declare readonly code: ExportErrorCode;

  constructor(code: ExportErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
