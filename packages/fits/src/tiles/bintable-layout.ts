/**
 * The column layout of a binary table (TFORMn/TTYPEn), enough to read the scalar and variable-length-array
 * cells of a tile-compressed image's table.
 */
import { FitsError } from '../errors.js';
import type { FitsHeader } from '../header/header.js';

/** One column: where it sits in a row and what it holds. */
export interface BintableColumn {
  readonly name: string;
  /** Repeat count. */
  readonly repeat: number;
  /** The TFORM type letter: L X B I J K A E D C M, or P / Q for variable-length descriptors. */
  readonly type: string;
  /** For P / Q descriptors, the element type of the heap array. */
  readonly elementType: string | undefined;
  /** Byte offset of the cell within a row. */
  readonly offset: number;
  /** Bytes the cell takes in a row. */
  readonly width: number;
}

const WIDTH: Record<string, number> = { L: 1, B: 1, A: 1, I: 2, J: 4, K: 8, E: 4, D: 8, C: 8, M: 16, P: 8, Q: 16 };

/**
 * Reads the column layout of a BINTABLE header.
 *
 * @example
 * ```ts
 * const cols = bintableColumns(hdu.header);
 * cols.find((c) => c.name === 'COMPRESSED_DATA')?.type; // 'P'
 * ```
 */
export function bintableColumns(header: FitsHeader): BintableColumn[] {
  const n = header.number('TFIELDS', 0)!;
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new FitsError('fits/invalid-header', `TFIELDS = ${String(header.get('TFIELDS'))} is not an integer in [0, 999]`);
  const out: BintableColumn[] = [];
  let offset = 0;
  for (let i = 1; i <= n; i += 1) {
    const tform = (header.string(`TFORM${i}`) ?? '').trim().toUpperCase();
    const m = /^(\d*)([LXBIJKAEDCMPQ])([LXBIJKAEDCM]?)/.exec(tform);
    if (!m) throw new FitsError('fits/invalid-header', `TFORM${i} = '${tform}' is not a binary-table format`);
    const repeat = m[1] === '' ? 1 : Number(m[1]);
    const type = m[2]!;
    const width = type === 'X' ? Math.ceil(repeat / 8) : repeat * WIDTH[type]!;
    out.push({
      name: (header.string(`TTYPE${i}`) ?? `COL${i}`).trim().toUpperCase(),
      repeat,
      type,
      elementType: type === 'P' || type === 'Q' ? m[3] || 'B' : undefined,
      offset,
      width,
    });
    offset += width;
  }
  return out;
}

/**
 * Reads a numeric scalar cell (types B I J K E D) of a big-endian row.
 *
 * @example
 * ```ts
 * const zscale = readScalar(view, rowStart, cols.find((c) => c.name === 'ZSCALE')!);
 * ```
 */
export function readScalar(view: DataView, rowStart: number, col: BintableColumn): number {
  const at = rowStart + col.offset;
  switch (col.type) {
    case 'B': return view.getUint8(at);
    case 'I': return view.getInt16(at);
    case 'J': return view.getInt32(at);
    case 'K': return Number(view.getBigInt64(at));
    case 'E': return view.getFloat32(at);
    case 'D': return view.getFloat64(at);
    default:
      throw new FitsError('fits/unsupported', `column ${col.name} has type ${col.type}, not a numeric scalar`);
  }
}

/**
 * Reads a variable-length-array descriptor: the element count and the byte offset into the heap.
 *
 * @example
 * ```ts
 * const { count, heapOffset } = readDescriptor(view, rowStart, compressedDataColumn);
 * ```
 */
export function readDescriptor(view: DataView, rowStart: number, col: BintableColumn): { count: number; heapOffset: number } {
  const at = rowStart + col.offset;
  if (col.type === 'P') return { count: view.getInt32(at), heapOffset: view.getInt32(at + 4) };
  if (col.type === 'Q') return { count: Number(view.getBigInt64(at)), heapOffset: Number(view.getBigInt64(at + 8)) };
  throw new FitsError('fits/unsupported', `column ${col.name} has type ${col.type}, not a variable-length array`);
}

/**
 * The byte width of one element of a heap array of this type.
 *
 * @example
 * ```ts
 * elementWidth('I'); // 2
 * ```
 */
export function elementWidth(type: string): number {
  return WIDTH[type] ?? 1;
}
