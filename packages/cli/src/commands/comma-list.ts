/**
 * The comma-separated list flags the commands share (`--bands g,r,i`, `--classes lens,non-lens`,
 * `--input-size 64,64`, ...): one parser, so every command reads such a list the same way.
 */

/**
 * The entries of a comma-separated flag value, each trimmed, empty entries dropped; `undefined` when the flag
 * is absent, not a string or empty (`''`), so a caller falls back to its default. A value of only commas
 * gives `[]`, left to the caller's checks (an export refuses a class list of the wrong length).
 *
 * @example
 * ```ts
 * commaList('g, r ,i'); // ['g', 'r', 'i']
 * commaList('lens,,non-lens,'); // ['lens', 'non-lens']
 * commaList(''); // undefined
 * commaList(','); // []
 * commaList(undefined); // undefined
 * ```
 */
export function commaList(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
