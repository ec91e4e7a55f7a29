/**
 * The number in a CSV cell, read as the tools that write catalogs mean it: an empty cell and the missing-value
 * spellings of numpy, pandas, astropy and R (`nan`, `NaN`, `-nan`, `NA`, `N/A`, `null`, `None`, `--`) are
 * NaN; `inf`, `-inf`, `Infinity` (numpy's and JavaScript's spellings) are ±∞; anything else must be a decimal
 * number (`Number` alone would read ' ' as 0 and '0x10' as 16).
 */
const MISSING = new Set(['', 'nan', '+nan', '-nan', 'na', 'n/a', 'null', 'none', '--']);
const INFINITE = new Map([['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity], ['-inf', -Infinity], ['-infinity', -Infinity]]);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The cell's number, NaN for a missing value, or undefined when the cell is text.
 *
 * @example
 * ```ts
 * csvCellNumber(' 0.5 '); // 0.5
 * csvCellNumber('nan');   // NaN (also '', 'NA', 'N/A', 'null', 'None', '--')
 * csvCellNumber('-inf');  // -Infinity
 * csvCellNumber('spiral'); // undefined
 * ```
 */
export function csvCellNumber(cell: string): number | undefined {
  const s = cell.trim();
  const lower = s.toLowerCase();
  if (MISSING.has(lower)) return Number.NaN;
  const infinite = INFINITE.get(lower);
  if (infinite !== undefined) return infinite;
  return DECIMAL.test(s) ? Number(s) : undefined;
}
