/**
 * An item that could not be read or preprocessed: reported with its catalog row, never dropped silently.
 */

/**
 * One failed item.
 *
 * @example
 * ```ts
 * const f: ItemFailure = { row: 17, id: 'x', path: '/d/x.jpeg', error: 'not a PNG or JPEG file (unknown signature)' };
 * ```
 */
export interface ItemFailure {
  /** The catalog line (header = 1) or the position in the folder/stack, 1-based. */
  readonly row: number;
  readonly id: string;
  readonly path: string;
  readonly error: string;
}

/**
 * The failure as one line for a person.
 *
 * @example
 * ```ts
 * formatFailure(f); // "row 17 (id x, /d/x.jpeg): not a PNG or JPEG file (unknown signature)"
 * ```
 */
export function formatFailure(f: ItemFailure): string {
  return `row ${f.row} (id ${f.id}, ${f.path}): ${f.error}`;
}
