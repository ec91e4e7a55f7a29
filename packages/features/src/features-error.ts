/**
 * The typed error of @kenobi/features, with its stable codes.
 */
import { KenobiError } from '@kenobi/core';

/**
 * Codes of {@link FeaturesError}.
 *
 * @example
 * ```ts
 * FEATURES_ERROR_CODES.includes('features/missing-column'); // true
 * ```
 */
export const FEATURES_ERROR_CODES = Object.freeze([
  'features/missing-column',
  'features/bad-catalog',
  'features/bad-dataset',
  'features/unreadable-item',
  'features/bad-option',
  'features/store-exists',
  'features/store-mismatch',
  'features/store-corrupt',
  'features/store-incomplete',
  'features/worker-failed',
  'features/decode-timeout',
  'features/decode-out-of-memory',
  'features/decode-crashed',
] as const);
/** One of {@link FEATURES_ERROR_CODES}. @example `const c: FeaturesErrorCode = 'features/bad-option';` */
export type FeaturesErrorCode = (typeof FEATURES_ERROR_CODES)[number];

/**
 * An error from datasets, the extraction pipeline or the feature store.
 *
 * @example
 * ```ts
 * throw new FeaturesError('features/missing-column', "catalog.csv has no column 'label'", { hint: 'columns: id, path' });
 * ```
 */
export class FeaturesError extends KenobiError {
  declare readonly code: FeaturesErrorCode;
  constructor(code: FeaturesErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
