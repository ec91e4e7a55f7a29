/**
 * Writing tables as FITS BINTABLE extensions (after an empty primary HDU), readable by astropy's
 * `Table.read`, TOPCAT and CFITSIO: numbers (E, D, B, I, J, K; uint16/uint32 through TZERO), strings (A, as
 * UTF-8 bytes ended by NULs, as astropy writes them: readers that keep trailing spaces get the exact text), logicals (L, with the null byte for `null`), vector cells (repeat counts and
 * TDIMn) and TNULLn for missing integers.
 */
import { FitsError } from '../errors.js';
import { formatCard } from '../header/format-card.js';
import type { FitsValue } from '../header/card.js';
import { BLOCK_SIZE } from '../header/header.js';
import type { HeaderEntry } from '../writer.js';

/** The values of a column to write: one per element over `[rows, ...cellShape]`, C order. */
export type FitsTableData =
  | Float32Array | Float64Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array
  | readonly string[] | readonly (boolean | null)[];

/** One column to write. */
export interface FitsTableColumnInput {
  readonly name: string;
  readonly data: FitsTableData;
  /** The shape of one cell (`[512]` for a 512-d feature vector); default a scalar. */
  readonly cellShape?: readonly number[];
  readonly unit?: string;
  /** For integer columns: 1 where the value is missing; those are written as TNULLn. */
  readonly missing?: Uint8Array;
  /** The stored value that marks a missing integer (default the type's minimum, e.g. −2147483648). */
  readonly nullValue?: number;
}

/** One BINTABLE to write. */
export interface FitsTableHduInput {
  readonly columns: readonly FitsTableColumnInput[];
  readonly extname?: string;
  readonly header?: readonly HeaderEntry[];
}

interface Layout { readonly code: string; readonly width: number; readonly zero: number; readonly nullValue: number | undefined; write(view: DataView, at: number, i: number): void }

const encoder = new TextEncoder();

function layoutOf(col: FitsTableColumnInput, rows: number, cell: number, where: string): Layout {
  const d = col.data;
  const missing = col.missing;
  const intNull = (min: number): number | undefined => (missing?.includes(1) ? (col.nullValue ?? min) : undefined);
  if (d instanceof Float32Array) return { code: 'E', width: 4, zero: 0, nullValue: undefined, write: (v, at, i) => v.setFloat32(at, d[i]!) };
  if (d instanceof Float64Array) return { code: 'D', width: 8, zero: 0, nullValue: undefined, write: (v, at, i) => v.setFloat64(at, d[i]!) };
  if (d instanceof Uint8Array) {
    const nul = intNull(255);
    return { code: 'B', width: 1, zero: 0, nullValue: nul, write: (v, at, i) => v.setUint8(at, missing?.[i] ? nul! : d[i]!) };
  }
  if (d instanceof Int16Array) {
    const nul = intNull(-32768);
    return { code: 'I', width: 2, zero: 0, nullValue: nul, write: (v, at, i) => v.setInt16(at, missing?.[i] ? nul! : d[i]!) };
  }
  if (d instanceof Uint16Array) return { code: 'I', width: 2, zero: 32768, nullValue: undefined, write: (v, at, i) => v.setInt16(at, d[i]! - 32768) };
  if (d instanceof Int32Array) {
    const nul = intNull(-2147483648);
    return { code: 'J', width: 4, zero: 0, nullValue: nul, write: (v, at, i) => v.setInt32(at, missing?.[i] ? nul! : d[i]!) };
  }
  if (d instanceof Uint32Array) return { code: 'J', width: 4, zero: 2147483648, nullValue: undefined, write: (v, at, i) => v.setInt32(at, d[i]! - 2147483648) };
  if (d instanceof BigInt64Array) {
    const nul = intNull(Number.MIN_SAFE_INTEGER);
    return { code: 'K', width: 8, zero: 0, nullValue: nul, write: (v, at, i) => v.setBigInt64(at, missing?.[i] ? BigInt(nul!) : d[i]!) };
  }
  if (Array.isArray(d) && d.every((x) => typeof x === 'string')) {
    const texts = (d as readonly string[]).map((s) => encoder.encode(s));
    const width = Math.max(1, ...texts.map((b) => b.length));
    return {
      code: 'A', width, zero: 0, nullValue: undefined,
      write: (v, at, i) => {
        const b = texts[i]!;
        for (let k = 0; k < width; k += 1) v.setUint8(at + k, k < b.length ? b[k]! : 0);
      },
    };
  }
  if (Array.isArray(d) && d.every((x) => typeof x === 'boolean' || x === null)) {
    return { code: 'L', width: 1, zero: 0, nullValue: undefined, write: (v, at, i) => v.setUint8(at, d[i] === null ? 0 : d[i] ? 0x54 : 0x46) };
  }
  throw new FitsError('fits/invalid-argument', `${where}: column '${col.name}' holds ${rows * cell > 0 ? typeof (d as ArrayLike<unknown>)[0] : 'no'} values; write typed arrays of numbers, strings or booleans`);
}

function headerBytes(cards: string[]): Uint8Array {
  const text = [...cards, 'END'.padEnd(80)].join('');
  const out = new Uint8Array(Math.ceil(text.length / BLOCK_SIZE) * BLOCK_SIZE).fill(0x20);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function bintable(t: FitsTableHduInput, index: number): Uint8Array[] {
  const where = `table ${index}${t.extname ? ` (${t.extname})` : ''}`;
  if (t.columns.length === 0 || t.columns.length > 999) throw new FitsError('fits/invalid-argument', `${where}: a table needs 1 to 999 columns, got ${t.columns.length}`);
  const cells = t.columns.map((c) => (c.cellShape ?? []).reduce((a, b) => a * b, 1));
  const rows = t.columns[0]!.data.length / cells[0]!;
  const layouts = t.columns.map((c, k) => {
    if (!Number.isInteger(rows) || c.data.length !== rows * cells[k]!) {
      throw new FitsError('fits/invalid-argument', `${where}: column '${c.name}' has ${c.data.length} values, not ${Number.isInteger(rows) ? rows : '?'} rows × ${cells[k]}`);
    }
    return layoutOf(c, rows, cells[k]!, where);
  });
  const rowBytes = layouts.reduce((n, l, k) => n + l.width * cells[k]!, 0);
  const cards: string[] = [];
  const add = (k: string, v: FitsValue, c = ''): void => void cards.push(...formatCard(k, v, c));
  add('XTENSION', 'BINTABLE', 'binary table extension');
  add('BITPIX', 8, 'array data type');
  add('NAXIS', 2, 'number of array dimensions');
  add('NAXIS1', rowBytes, 'bytes per row');
  add('NAXIS2', rows, 'rows');
  add('PCOUNT', 0, 'size of the heap');
  add('GCOUNT', 1, 'one data group');
  add('TFIELDS', t.columns.length, 'number of columns');
  t.columns.forEach((c, k) => {
    const n = k + 1;
    const l = layouts[k]!;
    add(`TTYPE${n}`, c.name);
    // NOTE: strings are rA with r the byte width; a vector of strings is r = width × count with TDIM (w, count...).
    const repeat = l.code === 'A' ? l.width * cells[k]! : cells[k]!;
    add(`TFORM${n}`, `${repeat}${l.code}`);
    const shape = c.cellShape ?? [];
    if (shape.length > 1 || (l.code === 'A' && shape.length > 0)) add(`TDIM${n}`, `(${[...(l.code === 'A' ? [...shape, l.width] : shape)].reverse().join(',')})`);
    if (c.unit) add(`TUNIT${n}`, c.unit);
    if (l.nullValue !== undefined) add(`TNULL${n}`, l.nullValue);
    if (l.zero !== 0) add(`TZERO${n}`, l.zero);
  });
  if (t.extname) add('EXTNAME', t.extname, 'extension name');
  for (const e of t.header ?? []) add(e.keyword, e.value, e.comment ?? '');
  const data = new Uint8Array(Math.ceil((rowBytes * rows) / BLOCK_SIZE) * BLOCK_SIZE);
  const view = new DataView(data.buffer);
  for (let r = 0; r < rows; r += 1) {
    let at = r * rowBytes;
    for (let k = 0; k < layouts.length; k += 1) {
      const l = layouts[k]!;
      for (let e = 0; e < cells[k]!; e += 1) {
        l.write(view, at, r * cells[k]! + e);
        at += l.width;
      }
    }
  }
  return [headerBytes(cards), data];
}

/**
 * Writes one or more tables as a FITS file: an empty primary HDU (with `primaryHeader` cards) and one
 * BINTABLE extension per table.
 *
 * @example
 * ```ts
 * import { writeFitsTable, openFits } from '@kenobi/fits';
 * const bytes = writeFitsTable({ extname: 'PREDICTIONS', columns: [
 *   { name: 'id', data: ['a', 'b'] },
 *   { name: 'p_lens', data: Float32Array.of(0.9, 0.1) },
 *   { name: 'features', data: new Float32Array(2 * 512), cellShape: [512] },
 * ] });
 * openFits(bytes).readTable('PREDICTIONS').column('p_lens').data; // Float32Array [0.9, 0.1]
 * ```
 */
export function writeFitsTable(tables: FitsTableHduInput | readonly FitsTableHduInput[], options: { readonly primaryHeader?: readonly HeaderEntry[] } = {}): Uint8Array {
  const list = Array.isArray(tables) ? (tables as readonly FitsTableHduInput[]) : [tables as FitsTableHduInput];
  const primary: string[] = [];
  const add = (k: string, v: FitsValue, c = ''): void => void primary.push(...formatCard(k, v, c));
  add('SIMPLE', true, 'conforms to FITS standard');
  add('BITPIX', 8, 'array data type');
  add('NAXIS', 0, 'no image in the primary HDU');
  add('EXTEND', true);
  for (const e of options.primaryHeader ?? []) add(e.keyword, e.value, e.comment ?? '');
  const parts = [headerBytes(primary), ...list.flatMap((t, i) => bintable(t, i + 1))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
