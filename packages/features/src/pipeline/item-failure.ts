/**
 * An item that could not be read or preprocessed: reported with its catalog row and the reason (a typed
 * error code and a message), never dropped silently.
 */
import { isKenobiError } from '@kenobi/core';

/**
 * One failed item.
 *
 * @example
 * ```ts
 * const f: ItemFailure = { row: 17, id: 'x', path: '/d/x.fits', code: 'fits/not-fits', error: 'the file is empty (0 bytes)' };
 * ```
 */
export interface ItemFailure {
  /** The catalog line (header = 1) or the position in the folder/stack, 1-based. */
  readonly row: number;
  readonly id: string;
  readonly path: string;
  /**
   * The typed code of the reason: the reader's (`fits/truncated`, `imaging/...`), or the decode pool's
   * (`features/decode-timeout`, `features/decode-out-of-memory`, `features/decode-crashed`);
   * `features/unreadable-item` for an untyped error. Absent in stores written before codes were recorded.
   */
  readonly code?: string;
  readonly error: string;
}

/**
 * The failure as one line for a person.
 *
 * @example
 * ```ts
 * formatFailure(f); // "row 17 (id x, /d/x.fits): fits/not-fits: the file is empty (0 bytes)"
 * ```
 */
export function formatFailure(f: ItemFailure): string {
  return `row ${f.row} (id ${f.id}, ${f.path}): ${f.code ? `${f.code}: ` : ''}${f.error}`;
}

/**
 * The code and message of whatever a reader threw: a KenobiError's own code, else `features/unreadable-item`
 * with the error's name kept in the message (a RangeError from an impossible allocation, say).
 *
 * @example
 * ```ts
 * failureReason(new RangeError('Invalid typed array length: 1e18'));
 * // { code: 'features/unreadable-item', error: 'RangeError: Invalid typed array length: 1e18' }
 * ```
 */
export function failureReason(e: unknown): { code: string; error: string } {
  if (isKenobiError(e)) return { code: e.code, error: e.message };
  if (e instanceof Error) return { code: 'features/unreadable-item', error: `${e.name}: ${e.message}` };
  return { code: 'features/unreadable-item', error: String(e) };
}

/**
 * The path(s) an item is read from, as a failure reports them.
 *
 * @example
 * ```ts
 * itemPath({ kind: 'bands', paths: ['a_g.fits', 'a_r.fits'] }); // 'a_g.fits,a_r.fits'
 * ```
 */
export function itemPath(source: { readonly kind: string; readonly path?: string; readonly paths?: readonly string[] }): string {
  return source.kind === 'bands' ? (source.paths ?? []).join(',') : (source.path ?? '');
}

/**
 * The failure of `item` for whatever its reader threw: its row, id and path(s) with {@link failureReason}.
 *
 * @example
 * ```ts
 * try { await reader.read(item); } catch (e) { failures.push(itemFailure(item, e)); }
 * ```
 */
export function itemFailure(item: { readonly row: number; readonly id: string; readonly source: Parameters<typeof itemPath>[0] }, e: unknown): ItemFailure {
  return { row: item.row, id: item.id, path: itemPath(item.source), ...failureReason(e) };
}
