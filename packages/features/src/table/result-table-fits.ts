/**
 * A {@link ResultTable} as a FITS file with one BINTABLE (EXTNAME = the table's name upper-cased), through
 * `@kenobi/fits`'s table writer: vector columns become one column with a vector cell.
 */
import { writeFitsTable } from '@kenobi/fits';
import type { FitsTableColumnInput, HeaderEntry } from '@kenobi/fits';
import type { ResultTable } from './result-table.js';

/**
 * FITS bytes of a table, readable by astropy's `Table.read(path)`, TOPCAT and CFITSIO.
 *
 * @example
 * ```ts
 * writeFileSync('predictions.fits', resultTableFits(table, [{ keyword: 'ORIGIN', value: 'kenobi predict' }]));
 * ```
 */
export function resultTableFits(table: ResultTable, header: readonly HeaderEntry[] = []): Uint8Array {
  const columns: FitsTableColumnInput[] = table.columns.map((c) => ({
    name: c.name,
    data: c.values,
    ...((c.width ?? 1) > 1 ? { cellShape: [c.width!] } : {}),
    ...(c.unit ? { unit: c.unit } : {}),
  }));
  return writeFitsTable({ extname: table.name.toUpperCase(), columns, header });
}
