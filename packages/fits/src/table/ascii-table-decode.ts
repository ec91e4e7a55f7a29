/**
 * Decoding one column of an ASCII TABLE: fixed-width text fields (Aw, Iw, Fw.d, Ew.d, Dw.d) into strings or
 * numbers, TSCAL/TZERO applied, TNULL marked missing. A blank numeric field reads as 0, as astropy and
 * CFITSIO read it.
 */
import { FitsError } from '../errors.js';
import type { FitsHdu } from '../hdu.js';
import type { FitsColumnInfo } from './table-columns.js';
import type { FitsTableColumn } from './table-column.js';
import { cellText } from './bintable-decode.js';

const latin1 = new TextDecoder('latin1');

/**
 * The number in an ASCII-table field (0 for a blank one). Fortran's `D` exponent is read as `E`;
 * for F/E/D fields without a point, the implied decimals of TFORM (`F8.3` reads `12345` as 12.345).
 */
function fieldNumber(text: string, decimals: number, integer: boolean): number {
  let t = text.trim();
  if (t === '') return 0;
  t = t.replace(/[dD]/, 'E').replace(/\s+/g, '');
  if (/^[+-]?(nan|inf(inity)?)$/i.test(t)) return /nan/i.test(t) ? Number.NaN : t.startsWith('-') ? -Infinity : Infinity;
  if (!integer && decimals > 0 && !/[.E]/i.test(t) && /^[+-]?\d+$/.test(t)) return Number(t) / 10 ** decimals;
  const v = integer ? (/^[+-]?\d+$/.test(t) ? Number(t) : Number.NaN) : Number(t);
  return v;
}

/**
 * Decodes one ASCII-table column over every row. A field that is not a number throws `fits/invalid-header`
 * naming the HDU, column and row.
 *
 * @example
 * ```ts
 * decodeAsciiColumn(hdu, info, bytes, start, rows, rowBytes).data; // Float64Array [1.5, 2.25, -3]
 * ```
 */
export function decodeAsciiColumn(hdu: FitsHdu, info: FitsColumnInfo, bytes: Uint8Array, start: number, rows: number, rowBytes: number): FitsTableColumn {
  if (info.format.table !== 'ascii') throw new FitsError('fits/invalid-argument', `column ${info.name} is not an ASCII-table column`);
  const f = info.format.ascii;
  const missing = new Uint8Array(rows);
  const nul = typeof info.nullValue === 'string' ? info.nullValue.trim() : undefined;
  if (f.type === 'A') {
    const data = Array.from({ length: rows }, (_, r) => {
      const at = start + r * rowBytes + info.offset;
      const text = cellText(bytes.subarray(at, at + f.width));
      if (text === '' || (nul !== undefined && text.trim() === nul)) missing[r] = 1;
      return text;
    });
    return { info, kind: 'string', dtype: 'string', shape: [rows], data, missing: missing.includes(1) ? missing : undefined };
  }
  const integer = f.type === 'I';
  const scaled = info.scale !== 1 || info.zero !== 0;
  // NOTE: integers stay integers (int32 up to 9 digits, as astropy), unless scaled; wider ones are float64,
  // exact to 2^53.
  const data = integer && !scaled && f.width <= 9 ? new Int32Array(rows) : new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const at = start + r * rowBytes + info.offset;
    const text = latin1.decode(bytes.subarray(at, at + f.width));
    if (nul !== undefined && text.trim() === nul) {
      missing[r] = 1;
      if (data instanceof Float64Array) data[r] = Number.NaN;
      continue;
    }
    const v = fieldNumber(text, f.decimals, integer);
    if (Number.isNaN(v) && !/nan/i.test(text)) {
      throw new FitsError('fits/invalid-header', `HDU ${hdu.index}: column '${info.name}' row ${r + 1} holds '${text.trim()}', not a number of format ${info.tform}`);
    }
    if (Number.isNaN(v)) missing[r] = 1;
    data[r] = scaled ? v * info.scale + info.zero : v;
  }
  return { info, kind: 'number', dtype: data instanceof Int32Array ? 'int32' : 'float64', shape: [rows], data, missing: missing.includes(1) ? missing : undefined };
}
