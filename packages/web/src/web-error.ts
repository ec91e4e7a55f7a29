import { KenobiError } from '@kenobi/core';

/**
 * Codes of the errors `@kenobi/web` throws on purpose.
 * - `web/model`: the model is not one the app can use (no float image input, no probability output).
 * - `web/images`: dropped files that cannot be read or grouped (unknown type, bands of different sizes).
 * - `web/app-missing`: the server has no built app to serve (run `pnpm --filter @kenobi/web build:app`).
 * - `web/server`: the static server could not start (port in use, model file missing).
 *
 * @example
 * ```ts
 * WEB_ERROR_CODES.includes('web/images'); // true
 * ```
 */
export const WEB_ERROR_CODES = Object.freeze(['web/model', 'web/images', 'web/app-missing', 'web/server'] as const);

/** One of {@link WEB_ERROR_CODES}. @example `const c: WebErrorCode = 'web/model';` */
export type WebErrorCode = (typeof WEB_ERROR_CODES)[number];

/**
 * The typed error of `@kenobi/web`.
 *
 * @example
 * ```ts
 * throw new WebError('web/images', 'cannot read notes.txt', { hint: 'drop .fits, .png or .jpg files' });
 * ```
 */
export class WebError extends KenobiError {
  declare readonly code: WebErrorCode;

  constructor(code: WebErrorCode, message: string, options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
