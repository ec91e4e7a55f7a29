/**
 * Test support: ids that break hand-written CSV (quotes, commas, backslashes, line breaks) and how RFC 4180
 * (Python's `csv.writer`, QUOTE_MINIMAL) writes each: the writers of catalogs and score tables are checked with them.
 */

/**
 * [id, as RFC 4180 writes it] pairs.
 *
 * @example
 * ```ts
 * for (const [, written] of HOSTILE_CSV_IDS) expect(csv).to.contain(`\n${written},`);
 * ```
 */
export const HOSTILE_CSV_IDS: readonly (readonly [string, string])[] = Object.freeze([
  ['say "hi"', '"say ""hi"""'],
  ['a,b', '"a,b"'],
  ['back\\slash', 'back\\slash'],
  ['two\nlines', '"two\nlines"'],
  ['all "of",\\ them\n', '"all ""of"",\\ them\n"'],
] as const);
