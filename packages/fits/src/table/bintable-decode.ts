/**
 * Decoding one column of a BINTABLE: big-endian cells of each row (and the heap, for variable-length
 * arrays) into typed arrays with astropy's dtypes, TSCAL/TZERO applied and TNULL / NaN marked missing.
 */
import { FitsError } from '../errors.js';
import type { FitsHdu } from '../hdu.js';
import { allocate } from '../data/dtype.js';
import type { FitsDtype, FitsTypedArray } from '../data/dtype.js';
import type { FitsColumnInfo } from './table-columns.js';
import type { FitsTableColumn } from './table-column.js';
import { binaryElementWidth } from './table-format.js';
import type { BinaryFormat, BinaryType } from './table-format.js';

/** Where a BINTABLE's rows and heap lie in the file's bytes (checked by the caller). */
export interface BintableGeometry {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly rows: number;
  readonly rowBytes: number;
  /** Offset of the first row in `bytes`. */
  readonly start: number;
  /** Offset of the heap in `bytes`, and its end (the data unit's end, within the file). */
  readonly heapStart: number;
  readonly heapEnd: number;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a character cell: up to the first NUL, trailing spaces removed (as astropy). */
export function cellText(bytes: Uint8Array): string {
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x20) end -= 1;
  const cut = bytes.subarray(0, end);
  // NOTE: FITS text is ASCII; bytes beyond it are read as UTF-8 when they are valid UTF-8, else as Latin-1.
  try {
    return utf8.decode(cut);
  } catch {
    return latin1.decode(cut);
  }
}

/** The dtype astropy gives a numeric binary type after TSCAL/TZERO (unsigned conventions included). */
function scaledDtype(type: BinaryType, scale: number, zero: number): { dtype: FitsDtype; convention: boolean } {
  const plain: Partial<Record<BinaryType, FitsDtype>> = { B: 'uint8', I: 'int16', J: 'int32', K: 'int64', E: 'float32', D: 'float64' };
  if (scale === 1 && zero === 0) return { dtype: plain[type]!, convention: false };
  if (scale === 1 && type === 'B' && zero === -128) return { dtype: 'int8', convention: true };
  if (scale === 1 && type === 'I' && zero === 32768) return { dtype: 'uint16', convention: true };
  if (scale === 1 && type === 'J' && zero === 2147483648) return { dtype: 'uint32', convention: true };
  if (scale === 1 && type === 'K' && zero === 2 ** 63) return { dtype: 'uint64', convention: true };
  return { dtype: 'float64', convention: false };
}

function readRaw(view: DataView, at: number, type: BinaryType): number | bigint {
  switch (type) {
    case 'B': return view.getUint8(at);
    case 'I': return view.getInt16(at);
    case 'J': return view.getInt32(at);
    case 'K': return view.getBigInt64(at);
    case 'E': return view.getFloat32(at);
    default: return view.getFloat64(at);
  }
}

function unsupported(hdu: FitsHdu, info: FitsColumnInfo, what: string): FitsError {
  return new FitsError('fits/unsupported', `HDU ${hdu.index}${hdu.extname ? ` (${hdu.extname})` : ''}: column ${info.number} '${info.name}' (TFORM${info.number} = '${info.tform}') holds ${what}, which @kenobi/fits does not read`, {
    details: { hdu: hdu.index, column: info.name, tform: info.tform },
  });
}

/** Decodes `count` numeric elements of one type starting at byte `at`, into `out[o..]`, scaled. */
function decodeNumbers(view: DataView, at: number, count: number, f: { type: BinaryType; scale: number; zero: number; nullValue: number | bigint | undefined }, dtype: FitsDtype, convention: boolean, out: FitsTypedArray, o: number, missing: Uint8Array): void {
  const w = binaryElementWidth(f.type);
  const isFloat = f.type === 'E' || f.type === 'D';
  const nul = f.nullValue;
  for (let k = 0; k < count; k += 1) {
    const raw = readRaw(view, at + k * w, f.type);
    const isNull = nul !== undefined && !isFloat && (typeof raw === 'bigint' ? raw === BigInt(nul) : raw === Number(nul));
    if (dtype === 'uint64' && typeof raw === 'bigint') {
      (out as BigUint64Array)[o + k] = BigInt.asUintN(64, raw + (1n << 63n));
    } else if (dtype === 'int64') {
      (out as BigInt64Array)[o + k] = raw as bigint;
    } else if (convention) {
      (out as Uint16Array)[o + k] = Number(raw) + f.zero;
    } else if (dtype === 'float64' && (f.scale !== 1 || f.zero !== 0)) {
      (out as Float64Array)[o + k] = isNull ? Number.NaN : Number(raw) * f.scale + f.zero;
    } else {
      (out as Float64Array)[o + k] = Number(raw);
    }
    if (isNull || (isFloat && Number.isNaN(raw as number))) missing[o + k] = 1;
  }
}

/**
 * Decodes one BINTABLE column over every row. Complex columns (C, M) and variable-length arrays of them or
 * of bits give `fits/unsupported` naming the HDU, the column and its TFORM; heap arrays outside the data
 * unit give `fits/truncated`.
 *
 * @example
 * ```ts
 * const col = decodeBinaryColumn(hdu, info, geometry);
 * col.dtype, col.shape; // 'float32', [1000, 3]
 * ```
 */
export function decodeBinaryColumn(hdu: FitsHdu, info: FitsColumnInfo, g: BintableGeometry): FitsTableColumn {
  if (info.format.table !== 'binary') throw new FitsError('fits/invalid-argument', `column ${info.name} is not a binary-table column`);
  const f: BinaryFormat = info.format.binary;
  const { view, rows, rowBytes, start } = g;
  const cell = f.type === 'X' || f.type === 'A' || f.type === 'P' || f.type === 'Q' ? 0 : f.repeat;
  const shape = [rows, ...info.cellShape];
  if (f.type === 'C' || f.type === 'M') throw unsupported(hdu, info, 'complex numbers');
  if (f.type === 'A') {
    const per = info.cellShape.length === 0 ? 1 : info.cellShape.reduce((a, b) => a * b, 1);
    const len = per === 0 ? 0 : f.repeat / per;
    const data: string[] = new Array<string>(rows * per);
    const missing = new Uint8Array(rows * per);
    for (let r = 0; r < rows; r += 1) {
      for (let s = 0; s < per; s += 1) {
        const at = start + r * rowBytes + info.offset + s * len;
        const text = cellText(g.bytes.subarray(at, at + len));
        data[r * per + s] = text;
        if (text === '') missing[r * per + s] = 1;
      }
    }
    return { info, kind: 'string', dtype: 'string', shape, data, missing: missing.includes(1) ? missing : undefined };
  }
  if (f.type === 'L' || f.type === 'X') {
    const n = f.repeat;
    const data = new Uint8Array(rows * n);
    const missing = new Uint8Array(rows * n);
    for (let r = 0; r < rows; r += 1) {
      const at = start + r * rowBytes + info.offset;
      for (let k = 0; k < n; k += 1) {
        if (f.type === 'X') data[r * n + k] = (g.bytes[at + (k >> 3)]! >> (7 - (k & 7))) & 1;
        else {
          const b = g.bytes[at + k]!;
          data[r * n + k] = b === 0x54 ? 1 : 0; // 'T'
          if (b === 0) missing[r * n + k] = 1; // NOTE: the standard's null logical
        }
      }
    }
    const hasMissing = missing.includes(1);
    return { info, kind: f.type === 'X' ? 'bits' : 'logical', dtype: 'bool', shape: f.type === 'X' ? [rows, n] : shape, data, missing: hasMissing ? missing : undefined };
  }
  if (f.type === 'P' || f.type === 'Q') return decodeVariable(hdu, info, f, g);
  const { dtype, convention } = scaledDtype(f.type, info.scale, info.zero);
  const data = allocate(dtype, rows * cell);
  const missing = new Uint8Array(rows * cell);
  const spec = { type: f.type, scale: info.scale, zero: info.zero, nullValue: info.nullValue as number | bigint | undefined };
  for (let r = 0; r < rows; r += 1) decodeNumbers(view, start + r * rowBytes + info.offset, cell, spec, dtype, convention, data, r * cell, missing);
  return { info, kind: 'number', dtype, shape, data, missing: missing.includes(1) ? missing : undefined };
}

/** P / Q columns: one array per row, read from the heap. */
function decodeVariable(hdu: FitsHdu, info: FitsColumnInfo, f: BinaryFormat, g: BintableGeometry): FitsTableColumn {
  const el = f.elementType!;
  if (el === 'C' || el === 'M' || el === 'X') throw unsupported(hdu, info, `variable-length arrays of ${el === 'X' ? 'bits' : 'complex numbers'}`);
  const width = binaryElementWidth(el);
  const { dtype, convention } = el === 'A' || el === 'L' ? { dtype: 'uint8' as FitsDtype, convention: false } : scaledDtype(el, info.scale, info.zero);
  const data: (FitsTypedArray | string)[] = new Array(g.rows);
  const spec = { type: el, scale: info.scale, zero: info.zero, nullValue: info.nullValue as number | bigint | undefined };
  for (let r = 0; r < g.rows; r += 1) {
    const at = g.start + r * g.rowBytes + info.offset;
    const count = f.type === 'P' ? g.view.getInt32(at) : Number(g.view.getBigInt64(at));
    const offset = f.type === 'P' ? g.view.getInt32(at + 4) : Number(g.view.getBigInt64(at + 8));
    const from = g.heapStart + offset;
    const to = from + count * width;
    // NOTE: descriptors come from the file: a negative or huge one must not read outside the heap or allocate.
    if (count < 0 || offset < 0 || !Number.isSafeInteger(to) || to > g.heapEnd) {
      throw new FitsError('fits/truncated', `HDU ${hdu.index}: column '${info.name}' row ${r + 1} points at heap bytes [${offset}, ${offset + count * width}) outside the heap`);
    }
    if (el === 'A') data[r] = cellText(g.bytes.subarray(from, to));
    else if (el === 'L') data[r] = Uint8Array.from(g.bytes.subarray(from, to), (b) => (b === 0x54 ? 1 : 0));
    else {
      const out = allocate(dtype, count);
      decodeNumbers(g.view, from, count, spec, dtype, convention, out, 0, new Uint8Array(count));
      data[r] = out;
    }
  }
  return { info, kind: 'array', dtype: el === 'A' ? 'string' : el === 'L' ? 'bool' : dtype, shape: [g.rows], data, missing: undefined };
}
