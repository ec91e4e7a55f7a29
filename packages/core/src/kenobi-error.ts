/**
 * The base of every error Kenobi throws on purpose. `code` is a stable, machine-readable string (each
 * package documents its own codes); `message` is one line a person can act on; `hint` says what to do.
 *
 * @example
 * ```ts
 * import { KenobiError } from '@kenobi/core';
 * try { throw new KenobiError('fits/truncated', 'file.fits: data ends at byte 2880 of 5760'); }
 * catch (e) { if (e instanceof KenobiError) console.log(e.code); } // 'fits/truncated'
 * ```
 */
export class KenobiError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(options.hint ? `${message} (${options.hint})` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/**
 * True when `e` is a KenobiError, optionally with the given code (or code prefix ending in '/').
 *
 * @example
 * ```ts
 * isKenobiError(err, 'onnx/');          // any ONNX error
 * isKenobiError(err, 'zoo/checksum');   // exactly that one
 * ```
 */
export function isKenobiError(e: unknown, code?: string): e is KenobiError {
  if (!(e instanceof KenobiError)) return false;
  if (code === undefined) return true;
  return code.endsWith('/') ? e.code.startsWith(code) : e.code === code;
}
