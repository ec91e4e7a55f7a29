/**
 * Kenobi's one CSV writer (RFC 4180, through csv-stringify): every CSV a command or the web app writes goes
 * through {@link csvText}, so quoting is the same everywhere and pandas, astropy and TOPCAT read it back.
 * Pure TypeScript; in browsers the package's `#csv-stringify` import resolves to csv-stringify's own browser
 * build.
 */
import { stringify } from '#csv-stringify';

/** One CSV cell: text, a number (NaN becomes an empty cell), a bigint, a boolean, or nothing. @example `const c: CsvCell = 0.25;` */
export type CsvCell = string | number | bigint | boolean | null | undefined;

/** Options of {@link csvText}. */
export interface CsvTextOptions {
  /** Line ending: `'\n'` (default) or `'\r\n'` (what spreadsheets on Windows expect). */
  readonly recordDelimiter?: '\n' | '\r\n';
  /** Write the header line (default true; false to append rows to a CSV being written piece by piece). */
  readonly header?: boolean;
}

/**
 * The text of one cell: numbers as their shortest round-trip decimal (`0.1`, `1e-7`), NaN as empty (pandas
 * and astropy read an empty cell as missing), ±Infinity as `inf` / `-inf`, null and undefined as empty.
 *
 * @example
 * ```ts
 * csvCell(0.1); // '0.1'
 * csvCell(NaN); // ''
 * csvCell(12345678901234567890n); // '12345678901234567890'
 * ```
 */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/**
 * CSV text with a header line: cells with a comma, quote, line break, or leading/trailing blanks are
 * quoted, quotes doubled (`a "b"` → `"a ""b"""`); JSON-style backslash escapes are never written.
 *
 * @example
 * ```ts
 * csvText(['id', 'p'], [['a,b', 0.5], ['say "hi"', NaN]]);
 * // 'id,p\n"a,b",0.5\n"say ""hi""",\n'
 * ```
 */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvTextOptions = {}): string {
  const records: string[][] = options.header === false ? [] : [header.map((h) => h)];
  for (const r of rows) records.push(r.map(csvCell));
  if (records.length === 0) return '';
  // NOTE: cells with leading or trailing blanks are quoted, so readers that trim (csv-parse's trim, Excel)
  // keep them; so is a bare carriage return, which csv-stringify leaves unquoted with '\n' line endings.
  return stringify(records, { record_delimiter: options.recordDelimiter === '\r\n' ? 'windows' : 'unix', quoted_match: /^\s|\s$|\r/ });
}
