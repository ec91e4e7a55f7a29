/**
 * A table HDU (BINTABLE or ASCII TABLE) opened for reading: its columns as the header describes them, each
 * decoded on demand. The rows must all be in the file before anything is decoded (`fits/truncated`).
 */
import { FitsError } from '../errors.js';
import type { FitsHdu } from '../hdu.js';
import { decodeAsciiColumn } from './ascii-table-decode.js';
import { decodeBinaryColumn } from './bintable-decode.js';
import type { BintableGeometry } from './bintable-decode.js';
import { findColumn, tableColumns } from './table-columns.js';
import type { FitsColumnInfo } from './table-columns.js';
import type { FitsTableColumn } from './table-column.js';

/**
 * A table HDU. Create it with `FitsFile.readTable` (or {@link openTable}).
 *
 * @example
 * ```ts
 * const table = fits.readTable('CATALOG');
 * table.rows;                               // 1000
 * table.columns.map((c) => c.name);         // ['OBJID', 'RA', 'DEC', 'FLUX', 'FILE']
 * table.column('FLUX').data;                // Float32Array(1000)
 * table.column('OBJID').dtype;              // 'int64' (BigInt64Array)
 * ```
 */
export class FitsTable {
  readonly hdu: FitsHdu;
  readonly rows: number;
  /** Every column of the HDU, decoded or not. */
  readonly columns: readonly FitsColumnInfo[];
  readonly #bytes: Uint8Array;
  readonly #geometry: BintableGeometry;
  readonly #decoded = new Map<number, FitsTableColumn>();

  constructor(bytes: Uint8Array, hdu: FitsHdu) {
    if (hdu.kind !== 'bintable' && hdu.kind !== 'table') {
      throw new FitsError('fits/not-table', `HDU ${hdu.index}${hdu.extname ? ` (${hdu.extname})` : ''} is ${hdu.kind === 'compimage' ? 'a tile-compressed image' : `a ${hdu.kind} HDU`}, not a table`);
    }
    const h = hdu.header;
    const rowBytes = h.number('NAXIS1', 0)!;
    const rows = h.number('NAXIS2', 0)!;
    const present = Math.max(0, Math.min(hdu.dataBytes, bytes.length - hdu.dataOffset));
    // NOTE: before any allocation: a header claiming 10^9 rows in a small file fails here.
    if (rowBytes * rows > present) {
      throw new FitsError('fits/truncated', `HDU ${hdu.index}: the table's ${rows} rows of ${rowBytes} bytes need ${rowBytes * rows} bytes; ${present} are in the file`, {
        details: { hdu: hdu.index, needed: rowBytes * rows, present },
      });
    }
    const theap = h.number('THEAP', rowBytes * rows)!;
    if (!Number.isSafeInteger(theap) || theap < rowBytes * rows) {
      throw new FitsError('fits/invalid-header', `HDU ${hdu.index}: THEAP = ${String(h.get('THEAP'))} lies inside the table's rows`);
    }
    this.hdu = hdu;
    this.rows = rows;
    this.columns = Object.freeze(tableColumns(hdu));
    this.#bytes = bytes;
    this.#geometry = {
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      bytes, rows, rowBytes, start: hdu.dataOffset,
      heapStart: hdu.dataOffset + theap, heapEnd: hdu.dataOffset + present,
    };
  }

  /** The column names, in order. @example `table.names(); // ['ID', 'RA', 'DEC']` */
  names(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** The description of a column (name case-insensitive, or 1-based number), or `undefined`. @example `table.info('ra')?.unit; // 'deg'` */
  info(column: string | number): FitsColumnInfo | undefined {
    return typeof column === 'number' ? this.columns[column - 1] : findColumn(this.columns, column);
  }

  /**
   * Decodes one column (by name, case-insensitive, or 1-based number); decoded once, then cached. Throws
   * `fits/column-not-found` listing the columns, or `fits/unsupported` for a TFORM this reader does not read.
   *
   * @example
   * ```ts
   * table.column('MAG_G').missing; // Uint8Array with 1 where TNULL or NaN, or undefined
   * ```
   */
  column(column: string | number): FitsTableColumn {
    const info = this.info(column);
    if (!info) {
      throw new FitsError('fits/column-not-found', `HDU ${this.hdu.index}${this.hdu.extname ? ` (${this.hdu.extname})` : ''} has no column ${typeof column === 'number' ? `number ${column}` : `'${column}'`}; its columns are ${this.names().join(', ') || '(none)'}`, {
        details: { hdu: this.hdu.index, column, columns: this.names() },
      });
    }
    let decoded = this.#decoded.get(info.number);
    if (!decoded) {
      const g = this.#geometry;
      decoded = info.format.table === 'ascii' ? decodeAsciiColumn(this.hdu, info, this.#bytes, g.start, g.rows, g.rowBytes) : decodeBinaryColumn(this.hdu, info, g);
      this.#decoded.set(info.number, decoded);
    }
    return decoded;
  }
}

/**
 * Opens a table HDU of FITS bytes (as `FitsFile.readTable` does).
 *
 * @example
 * ```ts
 * const table = openTable(fits.bytes, fits.hdu(1));
 * ```
 */
export function openTable(bytes: Uint8Array, hdu: FitsHdu): FitsTable {
  return new FitsTable(bytes, hdu);
}
