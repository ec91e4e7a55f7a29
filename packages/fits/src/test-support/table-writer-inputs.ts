/**
 * Test support: the table that `scripts/fixtures/fits/write-kenobi-table.ts` writes to
 * `packages/fits/fixtures/written-by-kenobi-table.fits`, which `make_table_fixtures.py` then reads with
 * astropy's `Table.read`. The writer test regenerates the bytes from these inputs and checks they are unchanged.
 */
import type { FitsTableHduInput } from '../table/table-writer.js';

/**
 * Every column type the writer makes: strings (with quotes, commas, UTF-8, empty), float32 with NaN, float64,
 * int16/int32 with missing values (TNULL), int64 beyond 2^53, uint8, uint16/uint32 (TZERO), logicals with a
 * null, a vector cell and a 2-D cell (TDIM).
 *
 * @example
 * ```ts
 * const bytes = writeFitsTable(tableWriterFixture());
 * ```
 */
export function tableWriterFixture(): FitsTableHduInput {
  return {
    extname: 'PREDICTIONS',
    header: [{ keyword: 'ORIGIN', value: 'Kenobi table writer fixture' }],
    columns: [
      { name: 'id', data: ['a', 'b "q", c', 'é\\x', ''] },
      { name: 'p_lens', data: Float32Array.of(0.25, Number.NaN, 1, 1e-8), unit: '' },
      { name: 'z', data: Float64Array.of(0.1, 2.5, -1e-300, 1e300) },
      { name: 'n16', data: Int16Array.of(-32767, 0, 7, 32767), missing: Uint8Array.of(0, 1, 0, 0) },
      { name: 'n32', data: Int32Array.of(1, 2, -3, 2147483647), missing: Uint8Array.of(0, 0, 1, 0), nullValue: -999 },
      { name: 'objid', data: BigInt64Array.of(1237648720693755918n, -1n, 0n, 9007199254740993n) },
      { name: 'flag', data: Uint8Array.of(0, 255, 3, 4) },
      { name: 'u16', data: Uint16Array.of(0, 65535, 32768, 1) },
      { name: 'u32', data: Uint32Array.of(0, 4294967295, 2147483648, 1) },
      { name: 'ok', data: [true, false, null, true] },
      { name: 'features', data: Float32Array.from({ length: 12 }, (_, i) => i / 4), cellShape: [3], unit: 'arbitrary' },
      { name: 'grid', data: Float64Array.from({ length: 24 }, (_, i) => i - 12), cellShape: [2, 3] },
    ],
  };
}
